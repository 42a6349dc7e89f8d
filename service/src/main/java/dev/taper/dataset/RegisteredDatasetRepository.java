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

  /**
   * How many records have the name (0 or 1), each share-locked until the transaction ends: a
   * submission holds its dataset so that a deletion waits for it and then sees its experiment.
   */
  @Query(
      value = "select count(*) from (select 1 from dataset where name = :name for share) held",
      nativeQuery = true)
  long shareByName(String name);

  /** The record, locked until the transaction ends: a deletion holds it while it checks. */
  @Query(value = "select * from dataset where name = :name for update", nativeQuery = true)
  Optional<RegisteredDatasetEntity> lockByName(String name);
}
