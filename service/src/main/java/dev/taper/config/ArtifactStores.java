package dev.taper.config;

import dev.taper.properties.TaperProperties;
import dev.taper.storage.ArtifactStore;
import dev.taper.storage.FilesystemArtifactStore;
import dev.taper.storage.S3ArtifactStore;
import dev.taper.storage.S3Clients;
import dev.taper.storage.S3Settings;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** The artifact store {@code taper.store} selects. */
final class ArtifactStores {

  private static final Logger log = LoggerFactory.getLogger(ArtifactStores.class);

  private ArtifactStores() {}

  static ArtifactStore create(TaperProperties properties) {
    Path home = properties.homeOrDefault();
    return switch (properties.store().type()) {
      case FILESYSTEM -> {
        Path root = home.resolve("artifacts");
        log.info("artifact store: the folder {}", root.toAbsolutePath());
        yield new FilesystemArtifactStore(root);
      }
      case S3 -> {
        S3Settings settings = properties.store().s3().settings();
        log.info(
            "artifact store: {} ({}, {} addressing; local copies under {})",
            settings.location(),
            settings.endpoint() == null ? "AWS" : settings.endpoint(),
            settings.pathStyle() ? "path-style" : "virtual-host",
            home.resolve("s3-cache").toAbsolutePath());
        yield new S3ArtifactStore(
            S3Clients.create(settings, DefaultCredentialsProvider.builder().build()),
            settings,
            home.resolve("s3-cache"));
      }
    };
  }
}
