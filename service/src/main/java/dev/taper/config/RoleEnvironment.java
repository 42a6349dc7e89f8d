package dev.taper.config;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/** The migrate role serves no HTTP: it starts without a web server. */
class RoleEnvironment implements EnvironmentPostProcessor {

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if ("migrate".equalsIgnoreCase(environment.getProperty("taper.role", "all"))) {
      environment
          .getPropertySources()
          .addFirst(
              new MapPropertySource(
                  "taper-migrate-role", Map.of("spring.main.web-application-type", "none")));
    }
  }
}
