package dev.docpipe.dispatcher.backend;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A backend behind its own rate limit and concurrency limit. Both are per dispatcher task: the
 * rate keeps the task under its share of the account's quota, the concurrency limit keeps slow
 * model calls from holding every listener thread. A call that gets no permit within the wait is
 * reported as throttled, never as a failure of the page.
 */
class GuardedBackend implements InferenceBackend {

    private final InferenceBackend delegate;
    private final RateLimiter rate;
    private final Bulkhead concurrency;

    GuardedBackend(InferenceBackend delegate, InferenceProperties.Quota quota) {
        this(delegate, delegate.name(), quota);
    }

    /** A guard of its own, under another name: an asynchronous backend's result reads have their own quota. */
    GuardedBackend(InferenceBackend delegate, String quotaName, InferenceProperties.Quota quota) {
        this.delegate = delegate;
        this.rate = RateLimiter.of(quotaName, RateLimiterConfig.custom()
                .limitForPeriod(quota.requestsPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(quota.permitWait())
                .build());
        this.concurrency = Bulkhead.of(quotaName, BulkheadConfig.custom()
                .maxConcurrentCalls(quota.maxConcurrent())
                .maxWaitDuration(quota.permitWait())
                .build());
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public BackendAnswer infer(PageInput page) {
        return call(() -> delegate.infer(page));
    }

    /** Any call to this backend's service, within the quota. */
    <T> T call(Supplier<T> call) {
        // Concurrency first: a call waiting for a slot must not hold a rate permit it cannot use yet.
        if (!concurrency.tryAcquirePermission()) {
            throw new ModelThrottledException(name(), "all %d call slots of %s stayed busy"
                    .formatted(concurrency.getBulkheadConfig().getMaxConcurrentCalls(), name()), null);
        }
        try {
            if (!rate.acquirePermission()) {
                throw new ModelThrottledException(name(), "rate limit of %d calls/s of %s had no permit in time"
                        .formatted(rate.getRateLimiterConfig().getLimitForPeriod(), name()), null);
            }
            return call.get();
        } finally {
            concurrency.onComplete();
        }
    }
}
