package dev.docpipe.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the shared {@link TestInfrastructure} before a test class and has JUnit stop it when
 * the whole run is over, and resolves {@code TestInfrastructure} parameters.
 *
 * <p>The servers are stopped through the root context's store rather than a JVM shutdown hook:
 * the store is closed when the engine finishes, in order, while a hook would race the other hooks
 * of the JVM.
 */
public final class PipelineInfrastructureExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PipelineInfrastructureExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        started(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestInfrastructure.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // With a per-class lifecycle the constructor runs before beforeAll, so register here too.
        return started(context);
    }

    private static TestInfrastructure started(ExtensionContext context) {
        context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(StopAtEndOfRun.class, key -> new StopAtEndOfRun(), StopAtEndOfRun.class);
        return TestInfrastructure.shared();
    }

    /** Closed by JUnit with the root store, once, after the last test of the run. */
    private static final class StopAtEndOfRun implements AutoCloseable {
        @Override
        public void close() {
            SharedInfrastructure.stop();
        }
    }
}
