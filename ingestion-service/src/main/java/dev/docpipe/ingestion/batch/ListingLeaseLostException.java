package dev.docpipe.ingestion.batch;

import java.util.UUID;

/** Another task holds the listing now (ours ran out of lease): this task stops listing it. */
class ListingLeaseLostException extends RuntimeException {

    ListingLeaseLostException(UUID batchId) {
        super("the listing lease of batch %s passed to another task".formatted(batchId));
    }
}
