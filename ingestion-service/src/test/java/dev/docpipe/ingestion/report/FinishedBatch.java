package dev.docpipe.ingestion.report;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A finished batch written straight into the database, with every kind of row a report reads:
 * three documents named by a file-name pattern (two in Leuven, one in Gent), one failed as
 * CORRUPT, one completed with a page failed by TIMEOUT, five page results with and without text
 * and the keyword "invoice", and audit rows of two stages.
 */
public final class FinishedBatch {

    public final UUID id = UUID.randomUUID();
    public final UUID leuven = UUID.randomUUID();
    public final UUID gent = UUID.randomUUID();
    public final UUID corrupt = UUID.randomUUID();

    public FinishedBatch write(JdbcClient jdbc) {
        jdbc.sql("""
                        INSERT INTO batch (id, status, source_bucket, prefixes, options, document_count, completed_count, failed_count,
                                           listing_complete, metadata_pattern, completed_at)
                        VALUES (:id, 'COMPLETED', 'docpipe-input', ARRAY['in/'], '{"dpi":150,"model":"docpipe-ocr"}', 3, 2, 1, true,
                                '(?<city>[A-Za-z]+)_(?<date>[0-9-]+)\\.pdf', now())""")
                .param("id", id).update();
        document(jdbc, leuven, "in/Leuven_2022-10-12.pdf", "COMPLETED", 3, 3, 0, null, "{\"city\":\"Leuven\",\"date\":\"2022-10-12\"}");
        document(jdbc, gent, "in/Gent_2022-10-13.pdf", "COMPLETED", 3, 2, 1, null, "{\"city\":\"Gent\",\"date\":\"2022-10-13\"}");
        document(jdbc, corrupt, "in/Leuven_2022-10-14.pdf", "FAILED", null, 0, 0, "CORRUPT", "{\"city\":\"Leuven\",\"date\":\"2022-10-14\"}");
        result(jdbc, leuven, 1, true, true);
        result(jdbc, leuven, 2, true, true);
        result(jdbc, leuven, 3, false, false);
        result(jdbc, gent, 1, true, false);
        result(jdbc, gent, 2, true, false);
        jdbc.sql("""
                        INSERT INTO page (document_id, page_number, status, failure_reason, failure_stage)
                        VALUES (:d, 3, 'FAILED', 'TIMEOUT', 'CONVERSION')""").param("d", gent).update();
        int[] conversion = {100, 200, 300, 400, 500};
        for (int ms : conversion) {
            audit(jdbc, leuven, "CONVERSION", "SUCCEEDED", ms);
        }
        audit(jdbc, leuven, "INFERENCE", "SUCCEEDED", 900);
        audit(jdbc, gent, "INFERENCE", "RETRYING", 1500);
        audit(jdbc, corrupt, "CLASSIFICATION", "FAILED", 30);
        return this;
    }

    private void document(JdbcClient jdbc, UUID document, String key, String status, Integer pages, int done, int failed, String reason,
            String metadata) {
        jdbc.sql("""
                        INSERT INTO document (id, batch_id, bucket, object_key, size_bytes, status, page_count, pages_done, pages_failed,
                                              failure_reason, failure_stage, metadata)
                        VALUES (:id, :batch, 'docpipe-input', :key, 1000, :status, :pages, :done, :failed, :reason,
                                CASE WHEN CAST(:reason AS text) IS NULL THEN NULL ELSE 'CLASSIFICATION' END, CAST(:metadata AS jsonb))""")
                .param("id", document).param("batch", id).param("key", key).param("status", status).param("pages", pages)
                .param("done", done).param("failed", failed).param("reason", reason).param("metadata", metadata)
                .update();
    }

    private void result(JdbcClient jdbc, UUID document, int page, boolean text, boolean invoice) {
        jdbc.sql("""
                        INSERT INTO page (document_id, page_number, status, image_key) VALUES (:d, :p, 'INFERRED', 'pages/x.png')""")
                .param("d", document).param("p", page).update();
        jdbc.sql("""
                        INSERT INTO inference_result (batch_id, document_id, page_number, model, backend, raw_output, features, latency_ms)
                        VALUES (:b, :d, :p, 'docpipe-ocr', 'sagemaker', '{}', CAST(:features AS jsonb), 100)""")
                .param("b", id).param("d", document).param("p", page)
                .param("features", "{\"hasText\":%s,\"wordCount\":%d,\"keywords\":{\"invoice\":%s}}".formatted(text, text ? 12 : 0, invoice))
                .update();
    }

    private void audit(JdbcClient jdbc, UUID document, String stage, String outcome, int ms) {
        jdbc.sql("""
                        INSERT INTO audit_event (batch_id, document_id, page_number, stage, outcome, service, attempt, duration_ms)
                        VALUES (:b, :d, 1, :stage, :outcome, 'test', 1, :ms)""")
                .param("b", id).param("d", document).param("stage", stage).param("outcome", outcome).param("ms", ms).update();
    }
}
