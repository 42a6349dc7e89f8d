package dev.taper.openapi;

import dev.taper.CiAssumptions;
import dev.taper.ExternalCommand;
import dev.taper.RepositoryRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Redocly CLI as pinned in {@code tools/openapi/package-lock.json} and installed there with {@code
 * npm ci}. Without node or the installed CLI a test that needs it skips, and fails under
 * TAPER_CI=true.
 */
final class RedoclyCli {

  static final Path FOLDER = RepositoryRoot.resolve("tools/openapi");
  static final Path CLI = FOLDER.resolve("node_modules/@redocly/cli/bin/cli.js");

  /** No telemetry and no update check: linting reaches no network. */
  static final Map<String, String> QUIET =
      Map.of("REDOCLY_TELEMETRY", "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");

  private RedoclyCli() {}

  /**
   * The node executable, with the CLI installed beside the lockfile. The test never installs it:
   * that needs npm's registry, so {@code .ci/run} runs {@code npm ci} there before the build.
   */
  static Path require() {
    Path node = ExternalCommand.onPath("node").orElse(null);
    CiAssumptions.assumeOrFailInCi(
        node != null, "node is not on the PATH (apt-get install nodejs), needed for Redocly CLI");
    CiAssumptions.assumeOrFailInCi(
        Files.exists(CLI),
        "Redocly CLI is not installed: run `npm ci` in tools/openapi (.ci/run does)");
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
