package dev.taper.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.taper.training.PhaseLoss;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stage's position and state: which step comes next, the parameters, the optimiser's moments, the
 * phase's own state, and what the stage has measured so far. Serialised as a small header followed
 * by DJL's NDList encoding of the arrays, so restoring is exact to the bit. Only this class reads
 * the encoding.
 */
public record Checkpoint(
    Position position, NDList parameters, NDList optimizerState, NDList phaseArrays) {

  private static final int MAGIC = 0x54504b31; // "TPK1"
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * @param stage the stage kind that wrote it (a checkpoint of another stage is refused)
   * @param step optimiser steps done in the stage (the next step to take)
   * @param phase training phase in progress
   * @param phaseStep steps done within that phase; 0 means the phase has not started
   * @param phaseLosses start and end loss of each finished phase
   * @param phaseStartLoss the phase in progress's loss before its first step (NaN if none)
   * @param phaseValues the phase in progress's own numbers ({@link PhaseState#values()})
   * @param elapsedSeconds training wall time spent before this checkpoint
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Position(
      String stage,
      long step,
      int phase,
      long phaseStep,
      List<PhaseLoss> phaseLosses,
      double phaseStartLoss,
      Map<String, Double> phaseValues,
      double elapsedSeconds) {

    public Position {
      phaseLosses = phaseLosses == null ? List.of() : List.copyOf(phaseLosses);
      phaseValues = phaseValues == null ? Map.of() : Map.copyOf(phaseValues);
    }

    /** Where a stage starts that has no checkpoint. */
    static Position start(String stage) {
      return new Position(stage, 0, 0, 0, List.of(), Double.NaN, Map.of(), 0);
    }
  }

  /**
   * @param optimizer the optimiser whose moments to keep, or null when the next step starts a phase
   *     (with fresh moments)
   * @param phaseArrays the phase's own arrays ({@link PhaseState#arrays()})
   */
  static Checkpoint capture(
      Position position, List<Parameter> parameters, FusedOptimizer optimizer, NDList phaseArrays) {
    NDList arrays = new NDList();
    parameters.forEach(p -> arrays.add(p.getArray()));
    return new Checkpoint(
        position, arrays, optimizer == null ? new NDList() : optimizer.state(), phaseArrays);
  }

  /** The position recorded in an encoded checkpoint, without decoding its arrays. */
  public static Position position(byte[] encoded) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      requireMagic(in);
      return JSON.readValue(readBlock(in), Position.class);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt checkpoint", e);
    }
  }

  public byte[] encode() {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      writeBlock(out, JSON.writeValueAsBytes(position));
      writeBlock(out, encodeArrays(parameters));
      writeBlock(out, encodeArrays(optimizerState));
      writeBlock(out, encodeArrays(phaseArrays));
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes a checkpoint; its arrays belong to {@code manager}. */
  public static Checkpoint decode(byte[] encoded, NDManager manager) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      requireMagic(in);
      Position position = JSON.readValue(readBlock(in), Position.class);
      NDList parameters = decodeArrays(readBlock(in), manager);
      NDList optimizerState = decodeArrays(readBlock(in), manager);
      NDList phaseArrays = decodeArrays(readBlock(in), manager);
      return new Checkpoint(position, parameters, optimizerState, phaseArrays);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt checkpoint", e);
    }
  }

  /** Copies the stored parameters into {@code targets}, checking that shapes agree. */
  void restoreParameters(List<Parameter> targets) {
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

  /** DJL cannot decode the encoding of an empty list: an empty block stands for it. */
  private static byte[] encodeArrays(NDList arrays) {
    return arrays.isEmpty() ? new byte[0] : arrays.encode();
  }

  private static NDList decodeArrays(byte[] block, NDManager manager) {
    return block.length == 0 ? new NDList() : NDList.decode(manager, block);
  }

  private static void requireMagic(DataInputStream in) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IllegalArgumentException("not a Taper checkpoint");
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
