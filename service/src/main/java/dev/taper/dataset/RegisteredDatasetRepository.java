package dev.taper.dataset;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface RegisteredDatasetRepository extends JpaRepository<RegisteredDatasetEntity, UUID> {

  Optional<RegisteredDatasetEntity> findByName(String name);

  boolean existsByName(String name);

  List<RegisteredDatasetEntity> findAllByOrderByName();
}
