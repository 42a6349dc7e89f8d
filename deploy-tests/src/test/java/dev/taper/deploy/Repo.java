package dev.taper.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, found from the test's working folder (deploy-tests/ under Maven). */
final class Repo {

  private Repo() {}

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("helm/taper/Chart.yaml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "No helm/taper/Chart.yaml above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }
}
