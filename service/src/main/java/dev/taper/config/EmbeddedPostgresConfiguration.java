package dev.taper.config;

import com.zaxxer.hikari.HikariDataSource;
import dev.taper.properties.TaperProperties;
import dev.taper.queue.ExpiredLeases;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With no {@code spring.datasource.url}, Taper runs its own PostgreSQL ({@link
 * EmbeddedPostgresServer}) whose data lives under {@code TAPER_HOME/postgres}, so one JVM and a JDK
 * are all a single machine needs.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
class EmbeddedPostgresConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

  @Bean(destroyMethod = "close")
  EmbeddedPostgresServer embeddedPostgres(TaperProperties properties) throws IOException {
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(properties.homeOrDefault());
    log.info(
        "embedded PostgreSQL on port {}, data in {} (set SPRING_DATASOURCE_URL to use another)",
        postgres.port(),
        postgres.dataDirectory());
    return postgres;
  }

  /**
   * The embedded database is this process's alone, so a job found running at start-up was left by a
   * process that died: it is taken back before the worker claims anything.
   */
  @Bean
  AbandonedJobs abandonedJobs(ExpiredLeases leases, TaperProperties properties) {
    return new AbandonedJobs(
        properties.role() == TaperProperties.Role.MIGRATE ? () -> 0 : leases::reclaimAbandoned);
  }

  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(EmbeddedPostgresServer postgres) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(postgres.jdbcUrl());
    dataSource.setUsername("postgres");
    dataSource.setPoolName("taper-embedded");
    dataSource.setMaximumPoolSize(12);
    // fail fast when the database is gone, so the readiness probe answers DOWN in time
    dataSource.setConnectionTimeout(5_000);
    return dataSource;
  }
}
