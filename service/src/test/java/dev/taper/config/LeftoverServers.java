package dev.taper.config;

import java.io.IOException;
import java.nio.file.Path;

/** For tests in other packages that kill Taper: stops a server a killed process left on a home. */
public final class LeftoverServers {

  private LeftoverServers() {}

  /** Stops the embedded server left running on {@code home}, if any. */
  public static void stop(Path home) throws IOException, InterruptedException {
    LeftoverServer.clear(home.resolve(EmbeddedPostgresServer.DATA_DIRECTORY));
  }
}
