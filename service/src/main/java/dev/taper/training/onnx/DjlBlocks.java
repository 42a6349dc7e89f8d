package dev.taper.training.onnx;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/** Reads a DJL block tree: its children, and its parameters' values as float arrays. */
public final class DjlBlocks {

  private DjlBlocks() {}

  public static List<Block> children(Block block) {
    List<Block> children = new ArrayList<>();
    for (Pair<String, Block> child : block.getChildren()) {
      children.add(child.getValue());
    }
    return children;
  }

  /**
   * The child registered under {@code name} (DJL prefixes child names with their position, such as
   * {@code 01branch}), or null when the block has none.
   */
  public static Block childOrNull(Block block, String name) {
    for (Pair<String, Block> child : block.getChildren()) {
      if (child.getKey().replaceFirst("^\\d+", "").equals(name)) {
        return child.getValue();
      }
    }
    return null;
  }

  public static Block child(Block block, String name) {
    Block child = childOrNull(block, name);
    if (child == null) {
      throw new IllegalArgumentException("no child " + name + " in " + block);
    }
    return child;
  }

  /** A parameter of the block itself (not of its children), by its DJL name. */
  public static Parameter parameter(Block block, String name) {
    for (Parameter parameter : block.getDirectParameters().values()) {
      if (parameter.getName().equals(name)) {
        return parameter;
      }
    }
    throw new IllegalArgumentException("no parameter " + name + " in " + block);
  }

  public static float[] values(Block block, String name) {
    return parameter(block, name).getArray().toFloatArray();
  }

  public static long[] shape(Block block, String name) {
    return parameter(block, name).getArray().getShape().getShape();
  }
}
