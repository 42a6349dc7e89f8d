package dev.taper.dataset;

import dev.taper.storage.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one file over HTTP into a folder. The bytes go to a hidden temporary name beside the
 * target, are checked against the SHA-256s the file may have, and only then are renamed to the
 * target name in one atomic step: the target name never holds a partial or unverified file, and a
 * failed download leaves nothing behind. Progress is logged every few seconds.
 */
final class Downloader {

  private static final Logger log = LoggerFactory.getLogger(Downloader.class);

  private final Duration connectTimeout;
  private final Duration stallTimeout;
  private final Duration progressInterval;

  /**
   * @param connectTimeout the longest wait for a connection
   * @param stallTimeout the longest wait for the next bytes once connected
   * @param progressInterval how often a running download logs how far it got
   */
  Downloader(Duration connectTimeout, Duration stallTimeout, Duration progressInterval) {
    this.connectTimeout = connectTimeout;
    this.stallTimeout = stallTimeout;
    this.progressInterval = progressInterval;
  }

  /** 15 s to connect, 30 s without a byte, progress every 5 s. */
  static Downloader withDefaultTimeouts() {
    return new Downloader(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(5));
  }

  /**
   * Downloads {@code source} to {@code target}, replacing it.
   *
   * @param acceptedSha256 the hex SHA-256s the file may have; any other is refused
   * @param deadline when to give up however the transfer is going (checked between reads, so a
   *     stalled connection is noticed after at most the stall timeout)
   * @throws DownloadException naming the file and what went wrong
   */
  void download(URI source, Path target, Set<String> acceptedSha256, Instant deadline)
      throws DownloadException {
    String file = target.getFileName().toString();
    Path temp = target.resolveSibling("." + file + "." + UUID.randomUUID() + ".part");
    HttpURLConnection connection = null;
    try {
      connection = open(source, file);
      int status = connection.getResponseCode();
      if (status != HttpURLConnection.HTTP_OK) {
        throw new DownloadException(
            file + ": HTTP " + status + " " + connection.getResponseMessage() + " from " + source);
      }
      long length = connection.getContentLengthLong();
      log.info("downloading {} ({})", source, length < 0 ? "size unknown" : megabytes(length));
      MessageDigest sha256 = Sha256.newDigest();
      long started = System.nanoTime();
      long received;
      try (InputStream in = connection.getInputStream();
          OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
        received = copy(in, out, sha256, new Progress(file, length), deadline);
      }
      if (length >= 0 && received != length) {
        throw new DownloadException(
            file + ": the connection closed after " + received + " of " + length + " bytes");
      }
      String actual = Sha256.hex(sha256);
      if (!acceptedSha256.contains(actual)) {
        throw new DownloadException(
            file
                + ": its SHA-256 is "
                + actual
                + ", not the published "
                + String.join(" or ", new TreeSet<>(acceptedSha256))
                + "; the file was discarded");
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      log.info(
          "downloaded {} ({} in {} s), SHA-256 verified",
          file,
          megabytes(received),
          Duration.ofNanos(System.nanoTime() - started).toSeconds());
    } catch (IOException e) {
      throw new DownloadException(file + ": " + describe(e) + " (" + source + ")", e);
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
      deleteQuietly(temp);
    }
  }

  private HttpURLConnection open(URI source, String file) throws IOException, DownloadException {
    String scheme = source.getScheme() == null ? "" : source.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new DownloadException(file + ": " + source + " is not an http or https address");
    }
    URLConnection connection = source.toURL().openConnection();
    HttpURLConnection http = (HttpURLConnection) connection;
    http.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
    http.setReadTimeout(Math.toIntExact(stallTimeout.toMillis()));
    http.setUseCaches(false);
    http.setInstanceFollowRedirects(true);
    // the checksums are over the bytes as published, not a re-encoding of them
    http.setRequestProperty("Accept-Encoding", "identity");
    return http;
  }

  private static long copy(
      InputStream in, OutputStream out, MessageDigest sha256, Progress progress, Instant deadline)
      throws IOException, DownloadException {
    byte[] buffer = new byte[1 << 16];
    long received = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
      sha256.update(buffer, 0, n);
      received += n;
      progress.update(received);
      if (Instant.now().isAfter(deadline)) {
        throw new DownloadException(
            progress.file
                + ": not finished by the deadline ("
                + progress.describe(received)
                + " received)");
      }
    }
    return received;
  }

  private static String describe(IOException e) {
    if (e instanceof UnknownHostException) {
      return "unknown host " + e.getMessage();
    }
    if (e instanceof ConnectException) {
      return "cannot connect (" + e.getMessage() + ")";
    }
    if (e instanceof SocketTimeoutException) {
      return "timed out (" + e.getMessage() + ")";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("cannot delete the partial download {}", file, e);
    }
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  /** Logs a running download's progress at most once per interval. */
  private final class Progress {
    final String file;
    final long length;
    long lastLog = System.nanoTime();

    Progress(String file, long length) {
      this.file = file;
      this.length = length;
    }

    void update(long received) {
      long now = System.nanoTime();
      if (now - lastLog >= progressInterval.toNanos()) {
        lastLog = now;
        log.info("downloading {}: {}", file, describe(received));
      }
    }

    String describe(long received) {
      if (length <= 0) {
        return megabytes(received);
      }
      return String.format(
          Locale.ROOT,
          "%d%% (%.1f of %.1f MB)",
          received * 100 / length,
          received / 1e6,
          length / 1e6);
    }
  }
}
