package dev.taper.storage;

/** The artifact store could not read or write. */
public class ArtifactStoreException extends RuntimeException {

  public ArtifactStoreException(String message) {
    super(message);
  }

  public ArtifactStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
