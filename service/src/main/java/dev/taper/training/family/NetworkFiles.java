package dev.taper.training.family;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.json.JsonMapper;

/**
 * A saved network: DJL's parameter file ({@code model-0000.params}) beside {@code
 * architecture.json}, which is all that is needed to rebuild the block and load it.
 */
public final class NetworkFiles {

  public static final String MODEL_NAME = "model";
  public static final String ARCHITECTURE_FILE = "architecture.json";
  public static final String PARAMETERS_FILE = MODEL_NAME + "-0000.params";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private NetworkFiles() {}

  public static void save(Network network, Path directory) {
    try {
      Files.createDirectories(directory);
      Files.writeString(directory.resolve(ARCHITECTURE_FILE), architectureJson(network.architecture()));
      network.model().save(directory, MODEL_NAME);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save network to " + directory, e);
    }
  }

  public static Network load(Path directory, Device device) {
    Path architectureFile = directory.resolve(ARCHITECTURE_FILE);
    try {
      Architecture architecture = readArchitecture(Files.readString(architectureFile));
      Network network = Families.buildUninitialised(architecture, device);
      try {
        network.model().load(directory, MODEL_NAME);
        return network;
      } catch (IOException | MalformedModelException | RuntimeException e) {
        network.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load network from " + directory, e);
    } catch (MalformedModelException e) {
      throw new IllegalArgumentException("malformed parameters in " + directory + ": " + e.getMessage(), e);
    }
  }

  public static String architectureJson(Architecture architecture) {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(architecture);
  }

  public static Architecture readArchitecture(String json) {
    return JSON.readValue(json, Architecture.class);
  }
}
