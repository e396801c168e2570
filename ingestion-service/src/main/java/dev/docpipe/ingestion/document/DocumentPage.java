package dev.docpipe.ingestion.document;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;
import java.util.UUID;

/**
 * One page of a batch's documents, in id order; {@code next} is the URL of the following page,
 * absent on the last. Paging by the last id seen (not by offset) keeps every page as fast as the
 * first in a batch of millions, and stable while documents change status.
 */
public record DocumentPage(List<Item> documents, String next) {

    public record Item(UUID id, String key, String status, Integer pageCount, int pagesDone, int pagesFailed,
            String failureReason, String failureStage, @JsonRawValue String metadata) {}
}
