package dev.gavel.testkit.evm;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class the JVM's {@link LocalEvmNode} as a constructor, {@code @BeforeAll} or test-method
 * parameter: one real ganache node, started on first use and shared by every test class of the JVM, so a
 * class must not assume it is alone on the chain. Without node or ganache the tests are skipped with the
 * reason and the fix ({@code scripts/evm-tools}); under {@code CI=true} they fail instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EvmNodeExtension.class)
public @interface WithEvmNode {}
