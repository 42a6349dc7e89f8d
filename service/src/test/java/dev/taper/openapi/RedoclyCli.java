package dev.taper.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.CiAssumptions;
import dev.taper.ExternalCommand;
import dev.taper.RepositoryRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Redocly CLI as pinned in {@code tools/openapi/package-lock.json}, installed there with {@code npm
 * ci} on first use. Without node and npm a test that needs it skips, and fails under TAPER_CI=true.
 */
final class RedoclyCli {

  static final Path FOLDER = RepositoryRoot.resolve("tools/openapi");
  static final Path CLI = FOLDER.resolve("node_modules/@redocly/cli/bin/cli.js");

  /** No telemetry and no update check: the tests talk to nothing but npm's registry. */
  static final Map<String, String> QUIET =
      Map.of("REDOCLY_TELEMETRY", "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");

  private RedoclyCli() {}

  /** The node executable, with the CLI installed beside the lockfile. */
  static Path require() {
    Path node = ExternalCommand.onPath("node").orElse(null);
    Path npm = ExternalCommand.onPath("npm").orElse(null);
    CiAssumptions.assumeOrFailInCi(
        node != null && npm != null,
        "node and npm are not on the PATH (apt-get install nodejs npm), needed for Redocly CLI");
    if (!Files.exists(CLI)) {
      ExternalCommand.Result install =
          ExternalCommand.run(
              List.of(npm.toString(), "ci", "--no-audit", "--no-fund"),
              FOLDER,
              QUIET,
              Duration.ofMinutes(5));
      assertThat(install.exitCode()).as("npm ci in %s:%n%s", FOLDER, install.output()).isZero();
    }
    return node;
  }

  /** {@code redocly lint} with the recommended rules, its findings as JSON. */
  static ExternalCommand.Result lint(Path document, Path workDirectory) {
    Path node = require();
    return ExternalCommand.run(
        List.of(
            node.toString(),
            CLI.toString(),
            "lint",
            "--extends=recommended",
            "--format=json",
            document.toString()),
        workDirectory,
        QUIET,
        Duration.ofMinutes(2));
  }
}
