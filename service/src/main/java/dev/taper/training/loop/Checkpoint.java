package dev.taper.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import dev.taper.training.PhaseLoss;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stage's position and state: which step comes next, the parameters, the optimiser's moments, the
 * phase's own state, and what the stage has measured so far. Serialised as a small header followed
 * by DJL's NDList encoding of the arrays, so restoring is exact to the bit, and streamed both ways.
 * Only this class reads the encoding.
 */
public record Checkpoint(
    Position position, NDList parameters, NDList optimizerState, NDList phaseArrays) {

  /** "TPK2": the header block, then the three lists streamed in DJL's NDList encoding. */
  private static final int MAGIC = 0x54504b32;

  /** "TPK1": the header and each list as a length-prefixed block. */
  private static final int MAGIC_V1 = 0x54504b31;

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
   * @param trainingFlops what the stage's training cost before this checkpoint ({@link PassFlops})
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
      double elapsedSeconds,
      // absent from checkpoints written before the engine counted: read as 0, not refused
      @JsonSetter(nulls = Nulls.AS_EMPTY) double trainingFlops) {

    public Position {
      phaseLosses = phaseLosses == null ? List.of() : List.copyOf(phaseLosses);
      phaseValues = phaseValues == null ? Map.of() : Map.copyOf(phaseValues);
    }

    /** Where a stage starts that has no checkpoint. */
    static Position start(String stage) {
      return new Position(stage, 0, 0, 0, List.of(), Double.NaN, Map.of(), 0, 0);
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
    return position(new ByteArrayInputStream(encoded));
  }

  /** The position at the start of an encoded checkpoint; only the header is read. */
  public static Position position(InputStream encoded) {
    try {
      DataInputStream in = new DataInputStream(encoded);
      requireMagic(in);
      return JSON.readValue(readBlock(in), Position.class);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt checkpoint", e);
    }
  }

  public byte[] encode() {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
      encode(bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the checkpoint, one array at a time: a large network's checkpoint is never held whole on
   * the heap.
   */
  public void encode(OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    writeBlock(data, JSON.writeValueAsBytes(position));
    // DJL's NDList encoding: the count, then each array
    HostEncoding.encode(parameters, data);
    HostEncoding.encode(optimizerState, data);
    HostEncoding.encode(phaseArrays, data);
    data.flush();
  }

  /** Decodes a checkpoint; its arrays belong to {@code manager}. */
  public static Checkpoint decode(byte[] encoded, NDManager manager) {
    return decode(new ByteArrayInputStream(encoded), manager);
  }

  /**
   * Decodes a checkpoint as it streams in, one array at a time; its arrays belong to {@code
   * manager}. Checkpoints written before arrays were streamed ({@code TPK1}) decode too.
   */
  public static Checkpoint decode(InputStream encoded, NDManager manager) {
    try {
      DataInputStream in = new DataInputStream(encoded);
      int magic = requireMagic(in);
      Position position = JSON.readValue(readBlock(in), Position.class);
      if (magic == MAGIC_V1) {
        return new Checkpoint(
            position,
            decodeBlock(readBlock(in), manager),
            decodeBlock(readBlock(in), manager),
            decodeBlock(readBlock(in), manager));
      }
      return new Checkpoint(
          position, readArrays(in, manager), readArrays(in, manager), readArrays(in, manager));
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

  /** A {@code TPK1} block: DJL's encoding of a list, or nothing for an empty list. */
  private static NDList decodeBlock(byte[] block, NDManager manager) {
    return block.length == 0 ? new NDList() : NDList.decode(manager, block);
  }

  /**
   * Reads one list of DJL's NDList encoding. Not {@link NDList#decode(NDManager, InputStream)},
   * which reads ahead nine bytes to guess the format and so loses the next list's bytes after an
   * empty one.
   */
  private static NDList readArrays(DataInputStream in, NDManager manager) throws IOException {
    int count = in.readInt();
    if (count < 0) {
      throw new IOException("corrupt checkpoint: a list of " + count + " arrays");
    }
    NDList arrays = new NDList(count);
    for (int i = 0; i < count; i++) {
      arrays.add(manager.decode(in));
    }
    return arrays;
  }

  private static int requireMagic(DataInputStream in) throws IOException {
    int magic = in.readInt();
    if (magic != MAGIC && magic != MAGIC_V1) {
      throw new IllegalArgumentException("not a Taper checkpoint");
    }
    return magic;
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
