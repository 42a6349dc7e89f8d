package dev.taper.storage;

/** Nothing complete is stored under the key asked for: an answer, not a failure of the store. */
public class ArtifactNotFoundException extends ArtifactStoreException {

  public ArtifactNotFoundException(String key) {
    super("no artifact is stored under " + key);
  }
}
