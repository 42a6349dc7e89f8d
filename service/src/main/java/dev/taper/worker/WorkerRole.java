package dev.taper.worker;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;

/** The bean exists only where {@code taper.role} is {@code all} or {@code worker}. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ConditionalOnExpression("'${taper.role:all}'.toLowerCase() matches 'all|worker'")
public @interface WorkerRole {}
