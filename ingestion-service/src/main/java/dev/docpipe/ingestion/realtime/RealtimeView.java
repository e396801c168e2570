package dev.docpipe.ingestion.realtime;

import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * An uploaded document with its results, as {@code POST /documents} answers once it is done.
 *
 * @param elapsedMs from the document's record to its end (or to now, if it is still in flight)
 * @param pages     every page with its result: the features always, the raw model output inline
 *     for small documents, and the link to it for every page
 */
public record RealtimeView(
        UUID id,
        UUID batchId,
        String status,
        String bucket,
        String key,
        long sizeBytes,
        Integer pageCount,
        int pagesDone,
        int pagesFailed,
        String failureReason,
        String failureStage,
        String failureDetail,
        long elapsedMs,
        List<Page> pages) {

    /**
     * @param rawOutput the model's own answer, or null when the document is too large to inline it
     *     (follow {@code result})
     * @param result    where the page's results (features and raw output) can be read
     */
    public record Page(int number, String status, String failureReason, String model, String backend, Integer latencyMs,
            JsonNode features, JsonNode rawOutput, String result) {}

    /** One model's result for one page. */
    public record PageResult(UUID documentId, int page, String model, String backend, Integer latencyMs, JsonNode features,
            JsonNode rawOutput, String annotatedKey) {}
}
