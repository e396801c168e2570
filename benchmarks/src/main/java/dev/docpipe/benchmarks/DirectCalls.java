package dev.docpipe.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The baseline: the model calls alone, as fast as a fixed number of threads can make them, with
 * the dispatcher's own SageMaker client (same HTTP client, connection pool and retry mode) and
 * the request the dispatcher sends for a page.
 */
final class DirectCalls implements AutoCloseable {

    private final SageMakerRuntimeClient client;
    private final byte[] page;
    private final ExecutorService threads;
    private final int concurrency;

    DirectCalls(SageMakerRuntimeClient client, byte[] page, int concurrency) {
        this.client = client;
        this.page = page;
        this.concurrency = concurrency;
        this.threads = Executors.newFixedThreadPool(concurrency, Thread.ofPlatform().name("direct-call-", 0).factory());
    }

    /** Makes {@code calls} calls; returns the nanoseconds from the first call's start to the last one's end. */
    long run(int calls) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            workers.add(threads.submit(() -> {
                while (next.getAndIncrement() < calls) {
                    client.invokeEndpoint(r -> r.endpointName("docpipe-ocr")
                            .contentType("image/png")
                            .accept("application/json")
                            .body(SdkBytes.fromByteArrayUnsafe(page)))
                            .body().asUtf8String();
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        return System.nanoTime() - start;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
