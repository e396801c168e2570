package dev.docpipe.runner;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Polls a batch until it is terminal, printing a progress line whenever something moved. */
public final class BatchWatcher {

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED");

    private final BatchClient client;
    private final PrintStream out;

    public BatchWatcher(BatchClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /** @return the final batch view, or the last one seen when the timeout passes */
    public JsonNode await(String batchId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        JsonNode batch = client.batch(batchId);
        while (!TERMINAL.contains(batch.path("status").asString()) && Instant.now().isBefore(deadline)) {
            String line = progress(batch);
            if (!line.equals(last)) {
                out.println(line);
                last = line;
            }
            sleep(Duration.ofMillis(500));
            batch = client.batch(batchId);
        }
        out.println(progress(batch));
        return batch;
    }

    static String progress(JsonNode batch) {
        JsonNode d = batch.path("documents");
        JsonNode p = batch.path("pages");
        return "  %-9s documents %d/%d done (%d failed, %d in flight)   pages %d/%d inferred   %.1f pages/s".formatted(
                batch.path("status").asString(),
                d.path("completed").asInt() + d.path("failed").asInt(), d.path("listed").asInt(),
                d.path("failed").asInt(), d.path("inFlight").asInt(),
                p.path("inferred").asLong(), p.path("total").asLong(),
                batch.path("throughput").path("pagesPerSecond").asDouble());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
