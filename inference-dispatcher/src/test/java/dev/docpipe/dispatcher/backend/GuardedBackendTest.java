package dev.docpipe.dispatcher.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GuardedBackendTest {

    @Test
    void startsNoMoreCallsPerSecondThanTheQuota() {
        CountingBackend model = new CountingBackend(Duration.ZERO);
        GuardedBackend guarded = new GuardedBackend(model, new InferenceProperties.Quota(5, 10, Duration.ofSeconds(5)));

        long start = System.nanoTime();
        for (int i = 0; i < 12; i++) {
            guarded.infer(null);
        }
        // 5 in the first second, 5 in the second, 2 in the third: at least two refreshes.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1500));
        assertThat(model.calls.get()).isEqualTo(12);
    }

    @Test
    void keepsNoMoreCallsInFlightThanTheQuota() throws Exception {
        CountingBackend model = new CountingBackend(Duration.ofMillis(100));
        GuardedBackend guarded = new GuardedBackend(model, new InferenceProperties.Quota(1000, 3, Duration.ofSeconds(10)));

        List<Future<BackendAnswer>> calls = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 20; i++) {
                calls.add(threads.submit(() -> guarded.infer(null)));
            }
            for (Future<BackendAnswer> call : calls) {
                call.get(10, TimeUnit.SECONDS);
            }
        }
        assertThat(model.mostInFlight.get()).isEqualTo(3);
    }

    @Test
    void reportsACallThatGetsNoSlotInTimeAsThrottledNotFailed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        InferenceBackend blocking = new CountingBackend(Duration.ZERO) {
            @Override
            public ModelOutput infer(PageInput page) {
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.infer(page);
            }
        };
        GuardedBackend guarded = new GuardedBackend(blocking, new InferenceProperties.Quota(100, 1, Duration.ofMillis(100)));
        try (ExecutorService threads = Executors.newSingleThreadExecutor()) {
            Future<BackendAnswer> holder = threads.submit(() -> guarded.infer(null));
            Thread.sleep(50);
            assertThatThrownBy(() -> guarded.infer(null))
                    .isInstanceOfSatisfying(ModelThrottledException.class, e -> assertThat(e.backend()).isEqualTo("counting"));
            release.countDown();
            holder.get(5, TimeUnit.SECONDS);
        }
    }

    private static class CountingBackend implements InferenceBackend {

        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        private final Duration work;

        CountingBackend(Duration work) {
            this.work = work;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public ModelOutput infer(PageInput page) {
            calls.incrementAndGet();
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(work);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            return new ModelOutput(name(), "{}", work);
        }
    }
}
