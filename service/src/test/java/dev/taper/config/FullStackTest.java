package dev.taper.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests against the whole service in one JVM (role {@code all}: API on a random port and a
 * worker), on a database of its own so its worker never claims other tests' jobs. Heartbeats and
 * polling are quick so tests do not wait on them.
 */
public abstract class FullStackTest {

  public static final String DATABASE = "taper_full";

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, DATABASE);
  }

  /** The context every full-stack test class shares. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @SpringBootTest(
      webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
      properties = {
        "taper.role=all",
        "taper.worker.heartbeat-interval=500ms",
        "taper.worker.poll-interval=1s",
        "taper.worker.checkpoint-interval=5s",
        "taper.worker.lease=15s",
        "taper.worker.reclaim-interval=2s",
        "taper.worker.drain-timeout=2s"
      })
  public @interface Context {}
}
