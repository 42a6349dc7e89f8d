package dev.taper.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The API role on a real port (no worker), on {@link TestDatabase#SHARED}: for tests that talk HTTP
 * to the served pages and contract. Test classes must extend {@link PostgresTest}; they share one
 * cached Spring context.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"taper.role=api"})
public @interface WebApiContext {}
