package dev.gavel.testkit.evm;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link LocalEvmNode} per JVM, on first use, and hands it to test classes annotated
 * {@link WithEvmNode}; the node stops when the JVM exits. When node or ganache is missing, the test class
 * is skipped with the reason (surefire and failsafe count each of its tests as skipped), unless
 * {@code CI=true}: then it fails, so a CI run cannot pass without running the EVM tests. Thread-safe.
 */
public final class EvmNodeExtension implements ExecutionCondition, ParameterResolver {
    private static LocalEvmNode node;
    private static RuntimeException failure;

    /**
     * Decides once per test class, before it is constructed: a condition rather than an assumption in
     * {@code beforeAll}, because a class aborted there is reported with no tests at all.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("the test class has an EVM node");
        }
        try {
            node();
            return ConditionEvaluationResult.enabled("the test EVM node answers");
        } catch (LocalEvmNode.Unavailable e) {
            String reason = "no EVM node for these tests: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(reason + " (CI=true: EVM node tests may not be skipped)", e);
            }
            return ConditionEvaluationResult.disabled(reason);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalEvmNode.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return node();
        } catch (LocalEvmNode.Unavailable e) {
            throw new ParameterResolutionException("no EVM node for this test: " + e.getMessage(), e);
        }
    }

    /**
     * The JVM's node, started on the first call.
     *
     * @throws LocalEvmNode.Unavailable when node or ganache is missing
     * @throws IllegalStateException when ganache is there but did not start
     */
    private static synchronized LocalEvmNode node() {
        if (node == null && failure == null) {
            try {
                node = LocalEvmNode.start();
            } catch (RuntimeException e) {
                failure = e; // remembered: every later class would otherwise wait out the same failed start
            }
        }
        if (failure instanceof LocalEvmNode.Unavailable unavailable) {
            throw unavailable;
        }
        if (failure != null) {
            throw new IllegalStateException("the test EVM node did not start: " + failure.getMessage(), failure);
        }
        return node;
    }
}
