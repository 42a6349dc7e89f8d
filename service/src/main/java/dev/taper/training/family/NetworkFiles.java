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
      Files.writeString(
          directory.resolve(ARCHITECTURE_FILE), architectureJson(network.architecture()));
      network.model().save(directory, MODEL_NAME);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save network to " + directory, e);
    }
  }

  public static Network load(Path directory, Device device) {
    Path architectureFile = directory.resolve(ARCHITECTURE_FILE);
    try {
      Architecture architecture = readArchitecture(Files.readString(architectureFile));
      Network network = ModelFamilies.buildUninitialised(architecture, device);
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
      throw new IllegalArgumentException(
          "malformed parameters in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Size on disk of the network's saved parameters. */
  public static long parameterBytes(Network network) {
    Path directory = null;
    try {
      directory = Files.createTempDirectory("taper-size");
      network.model().save(directory, MODEL_NAME);
      return Files.size(directory.resolve(PARAMETERS_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure the saved size of a network", e);
    } finally {
      deleteQuietly(directory);
    }
  }

  private static void deleteQuietly(Path directory) {
    if (directory == null) {
      return;
    }
    try (var files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(directory);
    } catch (IOException ignored) {
      // a leftover temp file is harmless; the measurement already succeeded or failed
    }
  }

  public static String architectureJson(Architecture architecture) {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(architecture);
  }

  public static Architecture readArchitecture(String json) {
    return JSON.readValue(json, Architecture.class);
  }
}
