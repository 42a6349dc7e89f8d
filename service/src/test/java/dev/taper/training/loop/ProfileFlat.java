package dev.taper.training.loop;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.taper.training.*;
import dev.taper.training.family.*;
import java.util.*;

public class ProfileFlat {
  public static void main(String[] a) {
    int width = Integer.parseInt(a[0]), batch = Integer.parseInt(a[1]);
    MlpArchitecture arch = new MlpArchitecture(784, 8, width, 10);
    try (Network n = Families.build(arch, 1, Device.cpu());
        NDManager m = NDManager.newBaseManager()) {
      NDArray X = m.randomNormal(new Shape(20000, 784));
      NDArray Y = m.randomInteger(0, 10, new Shape(20000), ai.djl.ndarray.types.DataType.INT64);
      FlatParameters flat = FlatParameters.adopt(n.parameters(), n.manager());
      FusedOptimizer opt =
          new FusedOptimizer(OptimizerConfig.ADAM_DEFAULT, flat.flat(), 100000, n.manager());
      long[] t = new long[6];
      for (int it = 0; it < 3; it++) {
        Arrays.fill(t, 0);
        int steps = 400;
        long s0 = System.nanoTime();
        for (int s = 0; s < steps; s++) {
          try (NDManager scope = n.manager().newSubManager()) {
            long a0 = System.nanoTime();
            int from = (s * batch) % (20000 - batch);
            NDArray x = X.get(from + ":" + (from + batch));
            x.attach(scope);
            NDArray y = Y.get(from + ":" + (from + batch));
            y.attach(scope);
            long a1 = System.nanoTime();
            NDArray loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              flat.beginStep(scope);
              long a15 = System.nanoTime();
              NDArray logits = n.logits(flat.store(), x, true);
              long a2 = System.nanoTime();
              loss = Losses.crossEntropy(logits, y);
              long a3 = System.nanoTime();
              gc.backward(loss);
              long a4 = System.nanoTime();
              t[5] += a15 - a1;
              t[1] += a2 - a15;
              t[2] += a3 - a2;
              t[3] += a4 - a3;
            }
            flat.endStep();
            long a5 = System.nanoTime();
            opt.update(scope);
            long a6 = System.nanoTime();
            t[0] += a1 - a0;
            t[4] += a6 - a5;
          }
        }
        long total = System.nanoTime() - s0;
        System.out.printf(
            "w%d b%d per step us: total %.0f batch %.0f views %.0f fwd %.0f loss %.0f bwd %.0f adam %.0f -> %.0f samples/s%n",
            width,
            batch,
            total / 1e3 / steps,
            t[0] / 1e3 / steps,
            t[5] / 1e3 / steps,
            t[1] / 1e3 / steps,
            t[2] / 1e3 / steps,
            t[3] / 1e3 / steps,
            t[4] / 1e3 / steps,
            steps * batch / (total / 1e9));
      }
    }
  }
}
