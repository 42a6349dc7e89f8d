package dev.taper.config;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With no {@code spring.datasource.url}, Taper runs its own PostgreSQL (a real server binary from
 * Maven Central) whose data lives under {@code TAPER_HOME/postgres}, so one JVM and a JDK are all a
 * single machine needs.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
class EmbeddedPostgresConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres(TaperProperties properties) throws IOException {
    Path data = properties.homeOrDefault().resolve("postgres");
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            .setServerConfig("max_connections", "100")
            // the library's default is off (made for tests): here commits must survive a crash
            .setServerConfig("synchronous_commit", "on")
            .start();
    log.info(
        "embedded PostgreSQL on port {}, data in {} (set SPRING_DATASOURCE_URL to use another)",
        postgres.getPort(),
        data);
    return postgres;
  }

  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(EmbeddedPostgres postgres) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
    dataSource.setUsername("postgres");
    dataSource.setPoolName("taper-embedded");
    dataSource.setMaximumPoolSize(12);
    // fail fast when the database is gone, so the readiness probe answers DOWN in time
    dataSource.setConnectionTimeout(5_000);
    return dataSource;
  }
}
