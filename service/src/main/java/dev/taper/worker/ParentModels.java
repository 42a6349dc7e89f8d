package dev.taper.worker;

import ai.djl.Device;
import dev.taper.model.ModelCatalog;
import dev.taper.model.ModelRole;
import dev.taper.model.ModelView;
import dev.taper.storage.ArtifactStore;
import dev.taper.training.family.Network;
import dev.taper.training.family.NetworkFiles;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The parent models a stage reads (the WIDE teacher, the WARMED model), loaded from the artifact
 * store on first use. Networks still held here are closed with it; one handed over belongs to the
 * stage.
 */
public final class ParentModels implements AutoCloseable {

  private final ModelCatalog catalog;
  private final ArtifactStore store;
  private final Device device;
  private final UUID experimentId;
  private final UUID teacherModelId;
  private final Map<ModelRole, Network> held = new EnumMap<>(ModelRole.class);
  private final List<ModelView> used = new ArrayList<>();

  /**
   * @param teacherModelId a reused WIDE model (from another experiment), or null to use this
   *     experiment's own WIDE model
   */
  public ParentModels(
      ModelCatalog catalog,
      ArtifactStore store,
      Device device,
      UUID experimentId,
      UUID teacherModelId) {
    this.catalog = catalog;
    this.store = store;
    this.device = device;
    this.experimentId = experimentId;
    this.teacherModelId = teacherModelId;
  }

  /** The parent of this role, loaded once; it stays owned here. */
  public Network load(ModelRole role) {
    Network network = held.get(role);
    if (network == null) {
      ModelView model = find(role);
      network = NetworkFiles.load(store.fetchDirectory(model.artifactKey()), device);
      held.put(role, network);
      used.add(model);
    }
    return network;
  }

  /** The parent of this role, which the caller (the stage) now owns and closes. */
  public Network handOver(ModelRole role) {
    Network network = load(role);
    held.remove(role);
    return network;
  }

  /** The parent models loaded so far, in order. */
  public List<ModelView> used() {
    return List.copyOf(used);
  }

  private ModelView find(ModelRole role) {
    if (role == ModelRole.WIDE && teacherModelId != null) {
      return catalog
          .find(teacherModelId)
          .orElseThrow(() -> new MissingParentException("teacher model " + teacherModelId));
    }
    return catalog
        .ofExperiment(experimentId, role)
        .orElseThrow(
            () -> new MissingParentException(role + " model of experiment " + experimentId));
  }

  @Override
  public void close() {
    held.values().forEach(Network::close);
    held.clear();
  }

  /** A parent the plan guarantees is missing: a bug or lost data, not worth retrying. */
  static final class MissingParentException extends IllegalStateException {
    MissingParentException(String what) {
      super("parent not found: " + what);
    }
  }
}
