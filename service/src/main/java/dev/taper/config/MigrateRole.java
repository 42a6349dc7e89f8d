package dev.taper.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code taper.role=migrate}: Flyway has migrated the database while the context started; stop and
 * exit 0 (the Helm chart runs this as a Job before rolling out api and workers).
 */
@Component
@ConditionalOnExpression("'${taper.role:all}'.equalsIgnoreCase('migrate')")
class MigrateRole implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(MigrateRole.class);

  private final ConfigurableApplicationContext context;

  MigrateRole(ConfigurableApplicationContext context) {
    this.context = context;
  }

  @Override
  public void run(ApplicationArguments args) {
    log.info("migrations applied; role migrate exits");
    System.exit(SpringApplication.exit(context, () -> 0));
  }
}
