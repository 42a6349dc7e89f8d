package dev.taper.bench.service;

import dev.taper.TaperApplication;
import java.nio.file.Path;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Taper itself, started inside the harness (role {@code api}: no worker loop, no web server) on the
 * benchmark's database, so that the queue is measured through the beans the service runs: its
 * transactional proxies, its transaction manager and connection pool, its metrics. Starting it
 * applies the migrations.
 */
final class TaperContext implements AutoCloseable {

  private final ConfigurableApplicationContext context;

  private TaperContext(ConfigurableApplicationContext context) {
    this.context = context;
  }

  static TaperContext start(String jdbcUrl, Path home) {
    return new TaperContext(
        new SpringApplicationBuilder(TaperApplication.class)
            .web(WebApplicationType.NONE)
            // as arguments, which outrank application.yml (default properties would not)
            .run(
                "--taper.role=api",
                "--taper.home=" + home,
                "--taper.datasets.register-builtin=false",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--spring.main.banner-mode=off",
                "--logging.level.root=warn"));
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    context.close();
  }
}
