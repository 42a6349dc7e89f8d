package dev.taper.storage;

import java.util.regex.Pattern;

/**
 * What a key and a file name inside a directory may be: relative paths of {@code /}-separated
 * segments that cannot climb out of the store, name its private folders, or take the manifest's
 * name. Both stores check them the same way, so a key valid on one is valid on the other.
 */
final class ArtifactKeys {

  private static final Pattern SEGMENT = Pattern.compile("[^/\\\\\\p{Cntrl}]+");

  private ArtifactKeys() {}

  /**
   * @throws IllegalArgumentException for a key such as {@code ../x}, {@code /x}, {@code a//b} or
   *     {@code .tmp/x} (segments beginning with a dot are the store's own)
   */
  static String checkKey(String key) {
    check(key, "not an artifact key: ");
    for (String segment : key.split("/")) {
      if (segment.startsWith(".")) {
        throw new IllegalArgumentException("not an artifact key: " + key);
      }
    }
    return key;
  }

  /**
   * @throws IllegalArgumentException for a name such as {@code ../x} or the manifest's
   */
  static String checkFileName(String name) {
    check(name, "not a file name inside a stored directory: ");
    if (name.equals(Manifest.FILE_NAME)) {
      throw new IllegalArgumentException(Manifest.FILE_NAME + " is the store's own file name");
    }
    return name;
  }

  private static void check(String path, String problem) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException(problem + "(empty)");
    }
    for (String segment : path.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(problem + path);
      }
    }
  }
}
