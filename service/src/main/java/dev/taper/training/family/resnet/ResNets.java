package dev.taper.training.family.resnet;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkModels;
import dev.taper.training.family.Residual;
import java.util.ArrayList;
import java.util.List;

/** Builds the blocks of a {@link ResNetArchitecture}. */
final class ResNets {

  private ResNets() {}

  static Network build(ResNetArchitecture resnet, Device device) {
    List<Block> layers = new ArrayList<>();
    layers.add(
        new SequentialBlock()
            .add(conv(3, resnet.stemChannels(), resnet.stemStride()))
            .add(batchNorm())
            .add(Activation.reluBlock()));
    for (ResNetArchitecture.Block block : resnet.blocks()) {
      layers.add(bottleneck(block));
    }
    SequentialBlock body = new SequentialBlock();
    layers.forEach(body::add);
    Block pooling =
        LambdaBlock.singleton(
            x -> x.reshape(x.getShape().get(0), x.getShape().get(1), -1).mean(new int[] {2}),
            "globalAveragePool");
    Linear readout = Linear.builder().setUnits(resnet.classes()).build();
    SequentialBlock root = new SequentialBlock().add(body).add(pooling).add(readout);
    Model model =
        NetworkModels.allocate(
            root, new Shape(1, resnet.channels(), resnet.height(), resnet.width()), device);
    return new Network(resnet, model, layers, pooling, readout);
  }

  private static Block bottleneck(ResNetArchitecture.Block block) {
    SequentialBlock branch =
        new SequentialBlock()
            .add(conv(1, block.inner(), 1))
            .add(batchNorm())
            .add(Activation.reluBlock())
            .add(conv(3, block.inner(), block.stride()))
            .add(batchNorm())
            .add(Activation.reluBlock())
            .add(conv(1, block.out(), 1))
            .add(batchNorm());
    Block shortcut =
        block.projects()
            ? new SequentialBlock().add(conv(1, block.out(), block.stride())).add(batchNorm())
            : null;
    return new Residual(branch, shortcut, true);
  }

  /**
   * A square convolution without bias (the BatchNorm after it has one); 3x3 keeps size at stride 1.
   */
  private static Conv2d conv(int kernel, int filters, int stride) {
    int padding = kernel / 2;
    return Conv2d.builder()
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(padding, padding))
        .setFilters(filters)
        .optBias(false)
        .build();
  }

  private static BatchNorm batchNorm() {
    return BatchNorm.builder().build();
  }
}
