package dev.taper;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root folder, found from a test's working folder (service/ under Maven). */
public final class RepositoryRoot {

  private RepositoryRoot() {}

  public static Path path() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  public static Path resolve(String relative) {
    return path().resolve(relative);
  }
}
