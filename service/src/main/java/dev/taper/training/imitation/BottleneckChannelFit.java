package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import dev.taper.training.family.Network;
import dev.taper.training.family.Residual;
import dev.taper.training.loop.InPlace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A start for a thin residual block about to imitate, taken from the teacher's ({@code
 * imitate.layerInit teacher_units} in families whose blocks are bottlenecks, {@link
 * dev.taper.training.family.TeacherStart#BOTTLENECK_CHANNELS}). Widening multiplies only a
 * bottleneck's inner channels, so the thin branch can be the teacher's branch with fewer of them:
 * walking the branch's convolutions in order, each one that narrows keeps the teacher's output
 * channels that carry most of the variation after its BatchNorm and ReLU ({@link UnitSelection}),
 * with their weights on the channels kept before it and their BatchNorm's scale and shift; each
 * BatchNorm takes the statistics of what it now normalises on the fit examples. The branch's last
 * convolution, whose output keeps its width, becomes the least-squares fit of the teacher's from
 * the kept channels (a 1x1 convolution is a linear map per pixel; one of another size keeps the
 * teacher's weights on the kept channels), and its BatchNorm is the teacher's, re-expressed for the
 * statistics of the fitted output. The stem and projection shortcuts, whose shapes widening keeps,
 * are the teacher's too (copied before the first phase, {@link SameShapeParameters}), so each thin
 * block starts on features like those its teacher block was trained on.
 *
 * <p>Why: a thin branch drawn at random starts imitation far from the teacher's block outputs, and
 * on the 4-block ResNet imitation's steps are what THIN's budget pays most for. The channels picked
 * are those a structured pruning of the teacher would keep, and the refit of the last convolution
 * recovers what the dropped channels contributed, as far as the kept ones can say it.
 */
final class BottleneckChannelFit {

  /** BatchNorm's epsilon as DJL builds it by default, which the ResNet family does. */
  private static final double EPSILON = 1e-5;

  private BottleneckChannelFit() {}

  /**
   * Fits layer {@code layer}'s branch; does nothing for a layer that is not a residual block (the
   * stem, whose shape widening keeps).
   *
   * @param input examples (n, channels, height, width) as the thin block receives them
   * @param teacherInput the same examples as the teacher's block receives them
   */
  static void fit(
      Network thin,
      Network teacher,
      ParameterStore teacherStore,
      int layer,
      NDArray input,
      NDArray teacherInput,
      NDManager scope) {
    if (!(thin.layer(layer) instanceof Residual own)
        || !(teacher.layer(layer) instanceof Residual wide)) {
      return;
    }
    List<Block> ownSteps = steps(own.branch());
    List<Block> wideSteps = steps(wide.branch());
    if (ownSteps.size() != wideSteps.size()) {
      throw new IllegalStateException(
          "layer " + layer + ": thin and teacher branches differ in length");
    }
    ParameterStore ownStore = new ParameterStore(thin.manager(), false);
    NDArray x = input;
    NDArray b = teacherInput;
    int[] kept = null;
    int[] picked = null;
    Deque<NDArray> ahead = new ArrayDeque<>();
    for (int s = 0; s < ownSteps.size(); s++) {
      Block ownStep = ownSteps.get(s);
      Block wideStep = wideSteps.get(s);
      // the teacher's BatchNorm and ReLU after a narrowing convolution ran when it was picked
      NDArray teacherOut = ahead.isEmpty() ? forward(wideStep, teacherStore, b) : ahead.remove();
      if (ownStep instanceof Conv2d ownConv && wideStep instanceof Conv2d wideConv) {
        NDArray weight = onInputs(copyOf(weightOf(wideConv), scope), kept);
        long width = weightOf(ownConv).getShape().get(0);
        if (width == weight.getShape().get(0)) {
          fitLastConvolution(ownConv, weight, x, teacherOut, scope);
          picked = null;
        } else {
          ahead.addAll(activated(wideSteps, s, teacherStore, teacherOut));
          picked = UnitSelection.pick(pixels(ahead.getLast(), scope), Math.toIntExact(width));
          InPlace.copy(rows(weight, picked), weightOf(ownConv));
        }
        kept = picked;
      } else if (ownStep instanceof BatchNorm ownNorm && wideStep instanceof BatchNorm wideNorm) {
        if (picked == null) {
          takeStatisticsFolded(wideNorm, ownNorm, x, scope);
        } else {
          copyPicked(wideNorm, ownNorm, picked, "gamma", scope);
          copyPicked(wideNorm, ownNorm, picked, "beta", scope);
          setStatistics(ownNorm, x, scope);
        }
      }
      x = forward(ownStep, ownStore, x);
      b = teacherOut;
    }
  }

  private static List<Block> steps(Block branch) {
    List<Block> steps = new ArrayList<>();
    branch.getChildren().forEach(child -> steps.add(child.getValue()));
    return steps;
  }

  private static NDArray forward(Block block, ParameterStore store, NDArray x) {
    return block.forward(store, new NDList(x), false).singletonOrThrow();
  }

  /**
   * The teacher's outputs of the BatchNorm and ReLU after the convolution at {@code conv}, in
   * order: the last holds the channels to pick from.
   */
  private static List<NDArray> activated(
      List<Block> steps, int conv, ParameterStore store, NDArray convOut) {
    List<NDArray> outputs = new ArrayList<>();
    NDArray a = convOut;
    for (int s = conv + 1; s < Math.min(conv + 3, steps.size()); s++) {
      a = forward(steps.get(s), store, a);
      outputs.add(a);
    }
    return outputs;
  }

  private static NDArray weightOf(Block block) {
    return block.getParameters().get("weight").getArray();
  }

  /** A convolution's weight (out, in, kh, kw) on the input channels kept, or all of them. */
  private static NDArray onInputs(NDArray weight, int[] kept) {
    if (kept == null) {
      return weight;
    }
    NDList columns = new NDList(kept.length);
    for (int channel : kept) {
      columns.add(weight.get(":, " + channel));
    }
    return NDArrays.stack(columns, 1);
  }

  private static NDArray rows(NDArray values, int[] picked) {
    NDList rows = new NDList(picked.length);
    for (int channel : picked) {
      rows.add(values.get(channel));
    }
    return NDArrays.stack(rows, 0);
  }

  /**
   * The last BatchNorm: the teacher's, re-expressed for the statistics of the refitted
   * convolution's output {@code y}. A least-squares fit varies less than what it fits, so with the
   * teacher's running statistics a training step (which normalises by the batch's) would scale the
   * fitted channels up where inference does not; with {@code y}'s statistics and the teacher's
   * scale and shift folded to match, inference computes what it did with the teacher's, and a
   * training step the same.
   */
  private static void takeStatisticsFolded(
      BatchNorm teacher, BatchNorm own, NDArray y, NDManager scope) {
    double[] gamma = values(teacher, "gamma", scope);
    double[] beta = values(teacher, "beta", scope);
    double[] runningMean = values(teacher, "runningMean", scope);
    double[] runningVar = values(teacher, "runningVar", scope);
    NDArray rows = pixels(y, scope);
    NDArray meanArray = rows.mean(new int[] {0});
    double[] mean = meanArray.toDoubleArray();
    double[] variance = rows.sub(meanArray).square().mean(new int[] {0}).toDoubleArray();
    int channels = gamma.length;
    float[] scale = new float[channels];
    float[] shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      double teacherSpread = Math.sqrt(runningVar[c] + EPSILON);
      scale[c] = (float) (gamma[c] * Math.sqrt(variance[c] + EPSILON) / teacherSpread);
      shift[c] = (float) (beta[c] + gamma[c] * (mean[c] - runningMean[c]) / teacherSpread);
    }
    own.getParameters().get("gamma").getArray().set(scale);
    own.getParameters().get("beta").getArray().set(shift);
    own.getParameters().get("runningMean").getArray().set(toFloats(mean));
    own.getParameters().get("runningVar").getArray().set(toFloats(variance));
  }

  private static double[] values(BatchNorm norm, String name, NDManager scope) {
    return copyOf(norm.getParameters().get(name).getArray(), scope)
        .toType(DataType.FLOAT64, false)
        .toDoubleArray();
  }

  private static float[] toFloats(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }

  private static void copyPicked(
      BatchNorm source, BatchNorm target, int[] picked, String name, NDManager scope) {
    InPlace.copy(
        rows(copyOf(source.getParameters().get(name).getArray(), scope), picked),
        target.getParameters().get(name).getArray());
  }

  /**
   * A copy of a parameter's values owned by {@code scope}, so that what is computed from it is
   * freed with the scope and not with the network.
   */
  private static NDArray copyOf(NDArray parameter, NDManager scope) {
    NDArray copy = parameter.duplicate();
    copy.attach(scope);
    return copy;
  }

  /** Per channel, the mean and (biased) variance of {@code x} (n, channels, height, width). */
  private static void setStatistics(BatchNorm norm, NDArray x, NDManager scope) {
    NDArray values = pixels(x, scope);
    NDArray mean = values.mean(new int[] {0});
    NDArray variance = values.sub(mean).square().mean(new int[] {0});
    InPlace.copy(
        mean.toType(DataType.FLOAT32, false), norm.getParameters().get("runningMean").getArray());
    InPlace.copy(
        variance.toType(DataType.FLOAT32, false),
        norm.getParameters().get("runningVar").getArray());
  }

  /**
   * Sets the branch's last convolution: for a 1x1 convolution at stride 1, the least-squares map,
   * pixel by pixel and without intercept (its BatchNorm has the shift), from the thin channels
   * {@code x} to the teacher's output {@code target}; otherwise the teacher's {@code weight} on the
   * kept channels as it is.
   */
  private static void fitLastConvolution(
      Conv2d conv, NDArray weight, NDArray x, NDArray target, NDManager scope) {
    NDArray own = weightOf(conv);
    Shape shape = own.getShape();
    boolean pointwise =
        shape.get(2) == 1 && shape.get(3) == 1 && x.getShape().equals(spatial(x, target));
    if (!pointwise) {
      InPlace.copy(weight, own);
      return;
    }
    int in = Math.toIntExact(shape.get(1));
    int out = Math.toIntExact(shape.get(0));
    NDArray inputs = pixels(x, scope);
    NDArray outputs = pixels(target, scope);
    double n = inputs.getShape().get(0);
    double[] gram = inputs.transpose().matMul(inputs).div(n).toDoubleArray();
    double[] rhs = inputs.transpose().matMul(outputs).div(n).toDoubleArray();
    double[] solution = LeastSquares.solve(gram, rhs, in, out);
    float[] values = new float[out * in];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        values[o * in + i] = (float) solution[i * out + o];
      }
    }
    own.set(values);
  }

  /** {@code x}'s shape with {@code target}'s spatial size: equal when the map keeps resolution. */
  private static Shape spatial(NDArray x, NDArray target) {
    Shape t = target.getShape();
    Shape s = x.getShape();
    return new Shape(s.get(0), s.get(1), t.get(2), t.get(3));
  }

  /** (n, channels, height, width) as rows of channels, one per pixel, in float64. */
  private static NDArray pixels(NDArray x, NDManager scope) {
    long channels = x.getShape().get(1);
    NDArray rows = x.transpose(0, 2, 3, 1).reshape(-1, channels).toType(DataType.FLOAT64, true);
    rows.attach(scope);
    return rows;
  }
}
