package dev.docpipe.model;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Fault injection for resilience runs: for a while, a share of invocations fails as a SageMaker
 * endpoint's internal failure does (HTTP 500, {@code InternalFailure}). Off unless
 * {@code docpipe.model.fault-injection=true}: a production endpoint cannot be told to fail.
 */
@Component
public class ModelFaults {

    private final boolean enabled;
    private volatile double errorRate;
    private volatile Instant until = Instant.MIN;

    ModelFaults(@Value("${docpipe.model.fault-injection:false}") boolean enabled) {
        this.enabled = enabled;
    }

    /** From now on, for {@code duration}, fails each invocation with probability {@code rate}. */
    public void failFor(double rate, Duration duration) {
        if (!enabled) {
            throw new IllegalStateException("fault injection is off (docpipe.model.fault-injection)");
        }
        this.errorRate = rate;
        this.until = Instant.now().plus(duration);
    }

    /** @throws InjectedFault when this invocation is one of those to fail */
    void maybeFail() {
        if (enabled && Instant.now().isBefore(until) && ThreadLocalRandom.current().nextDouble() < errorRate) {
            throw new InjectedFault();
        }
    }

    /** An injected internal failure of the model. */
    static final class InjectedFault extends RuntimeException {
        InjectedFault() {
            super("injected fault", null, false, false);
        }
    }
}
