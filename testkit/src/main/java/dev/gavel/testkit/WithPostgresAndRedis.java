package dev.gavel.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class a {@link TestDatabase} and a {@link TestRedis} as constructor, {@code @BeforeAll}
 * or test-method parameters. Both are real servers; neither is shared with another test class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(InfrastructureExtension.class)
public @interface WithPostgresAndRedis {}
