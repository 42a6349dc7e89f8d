package dev.taper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taper.properties.TaperProperties;
import dev.taper.storage.ArtifactStore;
import dev.taper.storage.FilesystemArtifactStore;
import dev.taper.storage.S3ArtifactStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code taper.store} picks the artifact store, and a wrong S3 setting is named at start-up. */
class ArtifactStoresTest {

  @TempDir Path home;

  @Test
  void theFilesystemUnderTheHomeUnlessS3IsChosen() {
    try (ArtifactStore store = ArtifactStores.create(bind(Map.of()))) {
      assertThat(store).isInstanceOf(FilesystemArtifactStore.class);
      store.write("checkpoints/a", out -> out.write(1));
    }
    assertThat(home.resolve("artifacts/checkpoints/a")).exists();
  }

  @Test
  void s3WithABucketAnEndpointAndARegion() {
    Map<String, String> s3 =
        Map.of(
            "taper.store.type", "s3",
            "taper.store.s3.bucket", "models",
            "taper.store.s3.prefix", "taper",
            "taper.store.s3.endpoint", "http://minio:9000",
            "taper.store.s3.region", "us-east-1",
            "taper.store.s3.path-style", "true");
    TaperProperties properties = bind(s3);

    assertThat(properties.store().s3().settings().location()).isEqualTo("s3://models/taper/");
    assertThat(properties.store().s3().settings().pathStyle()).isTrue();
    try (ArtifactStore store = ArtifactStores.create(properties)) {
      assertThat(store).isInstanceOf(S3ArtifactStore.class);
    }
    assertThat(home.resolve("s3-cache")).as("its local copies under the home").isDirectory();
  }

  @Test
  void s3WithoutABucketOrWithAMalformedEndpointSaysWhatToSet() {
    assertThatThrownBy(() -> bind(Map.of("taper.store.type", "s3")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("set TAPER_S3_BUCKET");
    assertThatThrownBy(
            () ->
                bind(
                    Map.of(
                        "taper.store.type", "s3",
                        "taper.store.s3.bucket", "models",
                        "taper.store.s3.endpoint", "minio:9000")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("TAPER_S3_ENDPOINT")
        .hasMessageContaining("'minio:9000'");
  }

  private TaperProperties bind(Map<String, String> store) {
    Map<String, String> properties = new HashMap<>(store);
    properties.put("taper.home", home.toString());
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("taper", TaperProperties.class);
  }
}
