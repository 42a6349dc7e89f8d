package dev.taper.config;

import java.nio.file.Path;

/** Another process runs the embedded PostgreSQL of this {@code TAPER_HOME}. */
class TaperHomeInUseException extends IllegalStateException {

  TaperHomeInUseException(Path home, String holderPid) {
    super(
        "TAPER_HOME "
            + home
            + " is in use by another Taper process"
            + (holderPid.isEmpty() ? "" : " (pid " + holderPid + ")")
            + ", which runs the embedded PostgreSQL on "
            + home.resolve(EmbeddedPostgresServer.DATA_DIRECTORY));
  }
}
