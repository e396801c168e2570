package dev.docpipe.ingestion.cost;

import java.util.Map;

/**
 * What a batch used, from its counters.
 *
 * @param pages      pages known (the sum of its documents' page counts)
 * @param documents  documents listed
 * @param modelCalls results stored, by backend: one billed model call each
 */
public record BatchUsage(long pages, long documents, Map<String, Long> modelCalls) {

    /** A batch of {@code pages} pages in documents of {@code pagesPerDocument}, every page through {@code backend}. */
    public static BatchUsage of(long pages, int pagesPerDocument, String backend) {
        return new BatchUsage(pages, Math.max(1, pages / pagesPerDocument), Map.of(backend, pages));
    }
}
