package dev.docpipe.ingestion.batch;

import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Whether a batch's listing may record its next page of keys: it waits while the batch is paused and stops once it is cancelled. */
@Component
class ListingHold {

    private final JdbcClient jdbc;
    private final Duration poll;

    ListingHold(JdbcClient jdbc, @Value("${docpipe.ingestion.listing-pause-poll:1s}") Duration poll) {
        this.jdbc = jdbc;
        this.poll = poll;
    }

    /**
     * Returns once the batch may list on: at once unless it is paused, then when it is resumed.
     *
     * @return false when the batch was cancelled (or no longer exists): the listing stops
     */
    boolean awaitListing(UUID batchId) {
        while (true) {
            String status = jdbc.sql("SELECT status FROM batch WHERE id = :id").param("id", batchId).query(String.class).optional().orElse("GONE");
            switch (status) {
                case "PAUSED" -> sleep();
                case "CANCELLED", "GONE" -> {
                    return false;
                }
                default -> {
                    return true;
                }
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(poll);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the batch was paused", e);
        }
    }
}
