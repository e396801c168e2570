package dev.docpipe.runner;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * One line of a batch's progress: a bar of pages done (inferred or failed) of all pages known,
 * pages per second, and an estimate of the time left once the listing is complete.
 */
final class ProgressBar {

    private static final int WIDTH = 30;

    private ProgressBar() {}

    static String of(JsonNode batch) {
        JsonNode pages = batch.path("pages");
        JsonNode documents = batch.path("documents");
        long total = pages.path("total").asLong();
        long done = pages.path("inferred").asLong() + pages.path("failed").asLong();
        double share = total > 0 ? Math.min(1.0, (double) done / total) : 0;
        int filled = (int) Math.round(share * WIDTH);
        double rate = batch.path("throughput").path("pagesPerSecond").asDouble();
        return "%-9s [%s%s] %3d%%  %d/%d pages  %d/%d documents  %.1f pages/s  %s".formatted(
                batch.path("status").asString(),
                "#".repeat(filled), ".".repeat(WIDTH - filled), Math.round(share * 100),
                done, total,
                documents.path("completed").asInt() + documents.path("failed").asInt(), documents.path("listed").asInt(),
                rate, eta(batch, total - done, rate));
    }

    /** The time left at the current rate; unknown while the batch is still listing or has no rate yet. */
    static String eta(JsonNode batch, long pagesLeft, double pagesPerSecond) {
        String status = batch.path("status").asString();
        if (!"RUNNING".equals(status)) {
            return "";
        }
        if (!batch.path("documents").path("listingComplete").asBoolean() || pagesPerSecond <= 0) {
            return "ETA unknown";
        }
        // The service's estimate when it gives one; the same formula otherwise.
        JsonNode eta = batch.path("throughput").path("etaSeconds");
        Duration left = Duration.ofSeconds(eta.isNumber() ? eta.asLong() : Math.round(pagesLeft / pagesPerSecond));
        return left.toHours() > 0 ? "ETA %dh%02dm".formatted(left.toHours(), left.toMinutesPart())
                : "ETA %dm%02ds".formatted(left.toMinutes(), left.toSecondsPart());
    }
}
