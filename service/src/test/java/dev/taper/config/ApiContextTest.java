package dev.taper.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The Spring context most integration tests share: the API role (no worker loop), no web server, on
 * {@link TestDatabase#SHARED}. Test classes must extend {@link PostgresTest}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {"taper.role=api"})
public @interface ApiContextTest {}
