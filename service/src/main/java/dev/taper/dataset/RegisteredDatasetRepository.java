package dev.taper.dataset;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface RegisteredDatasetRepository extends JpaRepository<RegisteredDatasetEntity, UUID> {

  Optional<RegisteredDatasetEntity> findByName(String name);

  boolean existsByName(String name);

  List<RegisteredDatasetEntity> findAllByOrderByName();

  /** The record, locked until the transaction ends: a deletion holds it while it checks. */
  @Query(value = "select * from dataset where name = :name for update", nativeQuery = true)
  Optional<RegisteredDatasetEntity> lockByName(String name);
}
