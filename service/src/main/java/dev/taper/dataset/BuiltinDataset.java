package dev.taper.dataset;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A dataset Taper knows by name without an upload. {@link BuiltinDatasets} registers it at start-up
 * when its files are already on this machine; {@link DatasetRegistry#resolve} registers it when an
 * experiment first names it, fetching the files if need be.
 */
interface BuiltinDataset {

  String name();

  /** The folder holding its files on this machine, found without fetching anything. */
  Optional<Path> findLocally();

  /**
   * The folder holding its files, fetched first when they are not on this machine.
   *
   * @throws DatasetUnavailableException naming every place looked and how to fix each
   */
  Path obtain();
}
