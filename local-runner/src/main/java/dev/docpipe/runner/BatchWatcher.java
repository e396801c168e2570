package dev.docpipe.runner;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Polls a batch until it is terminal, printing a progress line whenever something moved. */
public final class BatchWatcher {

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

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
            String line = ProgressBar.of(batch);
            if (!line.equals(last)) {
                out.println(line);
                last = line;
            }
            sleep(Duration.ofMillis(500));
            batch = client.batch(batchId);
        }
        out.println(ProgressBar.of(batch));
        return batch;
    }

    /** Whether the batch has ended: completed, failed or cancelled. */
    static boolean ended(JsonNode batch) {
        return TERMINAL.contains(batch.path("status").asString());
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
