package dev.taper.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Content hashes as Taper records them everywhere (models, datasets, specs, downloads): SHA-256 in
 * lower-case hex.
 */
public final class Sha256 {

  private Sha256() {}

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Of a text's UTF-8 bytes. */
  public static String of(String text) {
    MessageDigest digest = newDigest();
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    return hex(digest);
  }

  public static String of(byte[] bytes) {
    MessageDigest digest = newDigest();
    digest.update(bytes);
    return hex(digest);
  }

  /** Of a file's bytes as stored. */
  public static String of(Path file) {
    return ofFiles(List.of(file));
  }

  /** Of several files' bytes as stored, concatenated in list order. */
  public static String ofFiles(List<Path> files) {
    MessageDigest digest = newDigest();
    try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
      for (Path file : files) {
        try (InputStream in = Files.newInputStream(file)) {
          in.transferTo(sink);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash " + files, e);
    }
    return hex(digest);
  }
}
