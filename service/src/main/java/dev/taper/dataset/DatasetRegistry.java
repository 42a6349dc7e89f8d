package dev.taper.dataset;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The datasets experiments may name: the one way into the dataset records. */
@Service
@Transactional(readOnly = true)
public class DatasetRegistry {

  private final RegisteredDatasetRepository datasets;

  DatasetRegistry(RegisteredDatasetRepository datasets) {
    this.datasets = datasets;
  }

  public boolean exists(String name) {
    return datasets.existsByName(name);
  }

  public Optional<RegisteredDataset> find(String name) {
    return datasets.findByName(name).map(RegisteredDatasetEntity::view);
  }

  public List<RegisteredDataset> list() {
    return datasets.findAllByOrderByName().stream().map(RegisteredDatasetEntity::view).toList();
  }

  @Transactional
  public RegisteredDataset register(RegisteredDataset dataset) {
    return datasets.saveAndFlush(new RegisteredDatasetEntity(dataset)).view();
  }

  /** Replaces the record of a dataset whose files changed (a built-in dataset re-found on disk). */
  @Transactional
  public RegisteredDataset replace(RegisteredDataset dataset) {
    datasets.findByName(dataset.name()).ifPresent(existing -> {
      datasets.delete(existing);
      datasets.flush();
    });
    return register(dataset);
  }
}
