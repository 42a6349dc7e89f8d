package dev.taper.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stage's position and state: which step comes next, the parameters, the optimiser's moments, and
 * what the stage has measured so far. Serialised as a small header followed by DJL's NDList
 * encoding of the arrays, so restoring is exact to the bit.
 */
public record Checkpoint(Position position, NDList parameters, NDList optimizerState) {

  private static final int MAGIC = 0x54504b31; // "TPK1"
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * @param stage the stage kind that wrote it (a checkpoint of another stage is refused)
   * @param step optimiser steps done in the stage (the next step to take)
   * @param phase imitation phase in progress, 0 for other stages
   * @param phaseStep steps done within that phase
   * @param layerLosses final imitation loss of each finished phase
   * @param elapsedSeconds training wall time spent before this checkpoint
   */
  public record Position(
      String stage,
      long step,
      int phase,
      long phaseStep,
      List<Double> layerLosses,
      double elapsedSeconds) {}

  public static Checkpoint capture(
      Position position, List<Parameter> parameters, FusedOptimizer optimizer) {
    NDList arrays = new NDList();
    parameters.forEach(p -> arrays.add(p.getArray()));
    return new Checkpoint(position, arrays, optimizer.state());
  }

  public byte[] encode() {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      byte[] header = JSON.writeValueAsBytes(position);
      out.writeInt(header.length);
      out.write(header);
      writeBlock(out, parameters.encode());
      writeBlock(out, optimizerState.encode());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes a checkpoint; its arrays belong to {@code manager}. */
  public static Checkpoint decode(byte[] encoded, NDManager manager) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not a Taper checkpoint");
      }
      Position position = JSON.readValue(readBlock(in), Position.class);
      NDList parameters = NDList.decode(manager, readBlock(in));
      NDList optimizerState = NDList.decode(manager, readBlock(in));
      return new Checkpoint(position, parameters, optimizerState);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt checkpoint", e);
    }
  }

  /** Copies the stored parameters into {@code targets}, checking that shapes agree. */
  public void restoreParameters(List<Parameter> targets) {
    if (targets.size() != parameters.size()) {
      throw new IllegalArgumentException(
          "checkpoint holds " + parameters.size() + " parameters, the network " + targets.size());
    }
    for (int i = 0; i < targets.size(); i++) {
      NDArray target = targets.get(i).getArray();
      NDArray source = parameters.get(i);
      if (!target.getShape().equals(source.getShape())) {
        throw new IllegalArgumentException(
            "checkpoint parameter "
                + i
                + " has shape "
                + source.getShape()
                + ", the network "
                + target.getShape());
      }
      InPlace.copy(source, target);
    }
  }

  private static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
    out.writeInt(block.length);
    out.write(block);
  }

  private static byte[] readBlock(DataInputStream in) throws IOException {
    byte[] block = new byte[in.readInt()];
    in.readFully(block);
    return block;
  }
}
