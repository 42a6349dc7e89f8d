package dev.taper.config;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A JVM that starts the embedded PostgreSQL of the home given as its argument, says so on a line
 * beginning with {@link #READY}, and runs until it is killed.
 */
final class EmbeddedPostgresHolder {

  static final String READY = "embedded PostgreSQL ready on port ";

  private EmbeddedPostgresHolder() {}

  public static void main(String[] args) throws Exception {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]));
    System.out.println(READY + server.port());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
