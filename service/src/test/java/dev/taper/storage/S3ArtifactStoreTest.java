package dev.taper.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taper.storage.FaultyProxy.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The contract on a real S3 API (S3Proxy in its own JVM, reached through a {@link FaultyProxy}),
 * and what only S3 has: retries and their budget, downloads that resume, manifests as the mark of a
 * published directory, and both addressing styles (path-style here, virtual-host in the 200 MB run,
 * whose JVM can resolve only {@code <bucket>.localhost}).
 */
class S3ArtifactStoreTest extends ArtifactStoreContract {

  /** How long the fault tests' client waits on a silent server: each stall costs this much. */
  static final Duration FAULT_READ_TIMEOUT = Duration.ofSeconds(2);

  final S3ProxyServer server = S3ProxyServer.shared();
  final S3Client raw = server.rawClient();
  final String prefix = "test-" + UUID.randomUUID();
  FaultyProxy proxy;

  @Override
  ArtifactStore newStore(Path local) throws IOException {
    proxy = new FaultyProxy(server.port());
    return store(local, Duration.ofSeconds(20));
  }

  /**
   * A store reaching S3Proxy through {@link #proxy}, giving up on a silent server after {@code
   * readTimeout}.
   */
  ArtifactStore store(Path local, Duration readTimeout) {
    S3Settings settings = server.settings(prefix, proxy.endpoint(), readTimeout);
    return new S3ArtifactStore(
        S3Clients.create(settings, S3ProxyServer.credentials()),
        settings,
        local.resolve(UUID.randomUUID().toString()));
  }

  @AfterEach
  void closeProxy() throws IOException {
    proxy.close();
    raw.close();
  }

  @Override
  void corruptFile(String key, String file) {
    corrupt(prefix + "/" + key + "/" + file);
  }

  @Override
  void corruptObject(String key) {
    corrupt(prefix + "/" + key);
  }

  private void corrupt(String objectKey) {
    byte[] bytes =
        raw.getObjectAsBytes(b -> b.bucket(S3ProxyServer.BUCKET).key(objectKey)).asByteArray();
    bytes[0] ^= (byte) 0xff;
    raw.putObject(b -> b.bucket(S3ProxyServer.BUCKET).key(objectKey), RequestBody.fromBytes(bytes));
  }

  @Override
  List<String> exerciseArguments(Path local) {
    return List.of(
        "--store=s3",
        "--endpoint=" + server.endpoint(),
        "--bucket=" + S3ProxyServer.BUCKET,
        "--prefix=" + prefix,
        "--region=" + S3ProxyServer.REGION,
        "--path-style=false",
        "--local=" + local.resolve("exercise"));
  }

  @Override
  List<String> exerciseJvmOptions(Path local) throws IOException {
    // the only name this JVM can resolve is the bucket's virtual host: path-style would fail
    Path hosts =
        Files.writeString(
            local.resolve("hosts"),
            "127.0.0.1 " + S3ProxyServer.BUCKET + "." + S3ProxyServer.VIRTUAL_HOST + "\n");
    return List.of(
        "-Djdk.net.hosts.file=" + hosts,
        // the AWS SDK's default credentials chain reads these first
        "-Daws.accessKeyId=" + S3ProxyServer.ACCESS_KEY,
        "-Daws.secretAccessKey=" + S3ProxyServer.SECRET_KEY);
  }

  @Override
  void assertNothingHalfStored() {
    assertThat(
            raw.listMultipartUploads(b -> b.bucket(S3ProxyServer.BUCKET).prefix(prefix + "/"))
                .uploads())
        .as("every abandoned multipart upload is aborted")
        .isEmpty();
  }

  @Test
  void fiveHundredsTimeoutsAndResetConnectionsAreRetried() throws IOException {
    try (ArtifactStore s3 = store(local, FAULT_READ_TIMEOUT)) {
      proxy.fail(2, Request::isPartUpload);
      proxy.reset(1, r -> r.is("PUT") && r.targets(Manifest.FILE_NAME));
      proxy.stall(1, r -> r.is("HEAD"));
      proxy.fail(1, r -> r.is("GET"));
      proxy.reset(1, r -> r.is("GET"));

      s3.putDirectory("models/r", dir -> writeFile(dir.resolve("model-0000.params"), 12 * MB, 17));
      s3.write("checkpoints/r", out -> GeneratedBytes.write(out, 12 * MB, 17));

      String expected = GeneratedBytes.sha256(12 * MB, 17);
      try (InputStream file = s3.open("models/r", "model-0000.params");
          InputStream object = s3.open("checkpoints/r")) {
        assertThat(GeneratedBytes.drain(file)).isEqualTo(expected);
        assertThat(GeneratedBytes.drain(object)).isEqualTo(expected);
      }
      assertThat(proxy.injected()).as("every fault was met, and survived").isEqualTo(6);
      assertThat(proxy.requests())
          .as("path-style requests")
          .allSatisfy(r -> assertThat(r.target()).startsWith("/" + S3ProxyServer.BUCKET + "/"));
    }
  }

  @Test
  void aDownloadThatBreaksOffResumesWhereItStopped() throws IOException {
    store.write("checkpoints/cut", out -> GeneratedBytes.write(out, 12 * MB, 19));
    try (ArtifactStore s3 = store(local, FAULT_READ_TIMEOUT)) {
      proxy.cutResponse(1, 3 * MB, r -> r.is("GET") && !r.isRangedRead());
      proxy.stallResponse(1, 2 * MB, Request::isRangedRead);

      try (InputStream in = s3.open("checkpoints/cut")) {
        assertThat(GeneratedBytes.drain(in)).isEqualTo(GeneratedBytes.sha256(12 * MB, 19));
      }
      assertThat(proxy.requests())
          .as("a reset, then a stall past the read timeout: resumed twice, by range")
          .filteredOn(Request::isRangedRead)
          .hasSize(2);
    }
  }

  @Test
  void retriesGiveUpAfterTheirBudgetWithAClearError() throws IOException {
    store.write("checkpoints/budget", out -> GeneratedBytes.write(out, 4 * MB, 23));
    try (ArtifactStore s3 = store(local, FAULT_READ_TIMEOUT)) {
      proxy.fail(Integer.MAX_VALUE, r -> r.is("PUT"));
      assertThatThrownBy(() -> s3.write("checkpoints/never", out -> out.write(1)))
          .isInstanceOf(ArtifactStoreException.class)
          .hasMessageContaining(
              "cannot store s3://" + S3ProxyServer.BUCKET + "/" + prefix + "/checkpoints/never")
          .hasMessageContaining("500 InternalError")
          .hasMessageContaining("after 4 attempts");
      assertThat(proxy.requests())
          .filteredOn(r -> r.is("PUT") && r.targets("checkpoints/never"))
          .hasSize(4);

      // the body breaks off after a megabyte, then every resumption breaks off before a byte
      proxy.cutResponse(1, MB, r -> r.is("GET") && !r.isRangedRead());
      proxy.cutResponse(Integer.MAX_VALUE, 0, Request::isRangedRead);
      assertThatThrownBy(
              () -> {
                try (InputStream in = s3.open("checkpoints/budget")) {
                  in.transferTo(OutputStream.nullOutputStream());
                }
              })
          .isInstanceOf(IOException.class)
          .hasMessageContaining("checkpoints/budget broke off at byte")
          .hasMessageContaining("4 times in a row; giving up");

      proxy.fail(Integer.MAX_VALUE, r -> r.is("GET"));
      assertThatThrownBy(() -> s3.open("checkpoints/budget"))
          .isInstanceOf(ArtifactStoreException.class)
          .hasMessageContaining("cannot read")
          .hasMessageContaining("after 4 attempts");
    }
    assertThat(store.exists("checkpoints/never")).isFalse();
  }

  @Test
  void aDirectoryIsThereOnlyOnceItsManifestIs() throws IOException {
    // files without a manifest: what a crash between the files and the manifest leaves
    raw.putObject(
        b -> b.bucket(S3ProxyServer.BUCKET).key(prefix + "/models/x/model-0000.params"),
        RequestBody.fromBytes(new byte[] {1}));
    assertThat(store.exists("models/x")).isFalse();
    assertThat(store.list("models/x")).isEmpty();
    assertThatThrownBy(() -> store.open("models/x", "model-0000.params"))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.fetchDirectory("models/x"))
        .isInstanceOf(ArtifactNotFoundException.class);

    proxy.fail(Integer.MAX_VALUE, r -> r.is("PUT") && r.targets(Manifest.FILE_NAME));
    assertThatThrownBy(
            () ->
                store.putDirectory("models/y", dir -> writeFile(dir.resolve("a.bin"), 6 * MB, 29)))
        .isInstanceOf(ArtifactStoreException.class)
        .hasMessageContaining(Manifest.FILE_NAME);
    assertThat(
            raw.listObjectsV2(b -> b.bucket(S3ProxyServer.BUCKET).prefix(prefix + "/models/y/"))
                .contents())
        .as("the files of a directory that was never published are removed")
        .isEmpty();
  }

  private static void writeFile(Path file, long length, long seed) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      GeneratedBytes.write(out, length, seed);
    }
  }
}
