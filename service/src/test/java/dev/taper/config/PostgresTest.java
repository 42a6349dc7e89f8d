package dev.taper.config;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that run against the shared database ({@link TestDatabase#SHARED}) in the API role,
 * so no worker claims their jobs. Subclasses with the same configuration share one cached Spring
 * context.
 */
public abstract class PostgresTest {

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, TestDatabase.SHARED);
  }
}
