package dev.docpipe.benchmarks;

import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One batch's rows, generated in the database in chunks of documents, through the ordinary tables
 * and their triggers (so the counters are kept as in production): 60% of the documents completed,
 * 5% failed for one of five reasons, 35% in flight part-way through their pages, half of those
 * without progress for an hour (quiet).
 */
final class ReportData {

    private static final int CHUNK = 50_000;

    private ReportData() {}

    static void generate(JdbcTemplate jdbc, UUID batch, int documents, int pages, boolean results, boolean audit) {
        jdbc.update("""
                        INSERT INTO batch (id, status, source_bucket, prefixes, options, document_count, completed_count, failed_count,
                                           listing_complete, created_at, listed_at)
                        VALUES (?, 'RUNNING', 'bench-input', '{bench/}', '{"dpi":150,"model":"docpipe-ocr","backend":"textract"}',
                                ?, ?, ?, true, now() - interval '2 hours', now() - interval '2 hours')""",
                batch, documents, count(documents, 0, 60), count(documents, 60, 65));
        for (int from = 0; from < documents; from += CHUNK) {
            int to = Math.min(documents, from + CHUNK);
            jdbc.update("""
                            INSERT INTO document (id, batch_id, bucket, object_key, size_bytes, status, source_kind, doc_class, page_count,
                                                  pages_done, failure_reason, failure_stage, updated_at, completed_at)
                            SELECT md5(CAST(? AS text) || g)::uuid, ?, 'bench-input', format('bench/%s.pdf', lpad(g::text, 8, '0')), 250000,
                                   CASE WHEN g % 100 < 60 THEN 'COMPLETED' WHEN g % 100 < 65 THEN 'FAILED' ELSE 'CLASSIFIED' END,
                                   'PDF', CASE WHEN ? > 10 THEN 'LARGE' ELSE 'SMALL' END, ?,
                                   CASE WHEN g % 100 < 60 THEN ? WHEN g % 100 < 65 THEN 0 ELSE g % ? END,
                                   CASE WHEN g % 100 BETWEEN 60 AND 64
                                        THEN (ARRAY['CORRUPT', 'TIMEOUT', 'RETRIES_EXHAUSTED', 'ENCRYPTED', 'TOO_MANY_PAGES'])[g % 100 - 59] END,
                                   CASE WHEN g % 100 BETWEEN 60 AND 64
                                        THEN (ARRAY['CLASSIFICATION', 'CONVERSION', 'INFERENCE', 'CLASSIFICATION', 'CLASSIFICATION'])[g % 100 - 59] END,
                                   CASE WHEN g % 100 >= 65 AND g % 2 = 0 THEN now() - interval '1 hour' ELSE now() END,
                                   CASE WHEN g % 100 < 65 THEN now() END
                              FROM generate_series(?, ?) g""",
                    batch.toString(), batch, pages, pages, pages, pages, from, to - 1);
            String low = "bench/%08d.pdf".formatted(from);
            String high = "bench/%08d.pdf".formatted(to);
            jdbc.update("""
                            INSERT INTO page (document_id, page_number, status, image_key, width_px, height_px, render_dpi, colour_mode,
                                              image_bytes, quality, key_layout)
                            SELECT d.id, n, CASE WHEN n <= d.pages_done THEN 'INFERRED' ELSE 'CONVERTED' END,
                                   'pages/' || d.id || '/' || n || '.png', 1275, 1650, 150, 'GREY', 150000, 'CLEAN', 'v1'
                              FROM document d, generate_series(1, d.page_count) n
                             WHERE d.batch_id = ? AND d.bucket = 'bench-input' AND d.object_key >= ? AND d.object_key < ?
                               AND d.status <> 'FAILED'""", batch, low, high);
            if (results) {
                jdbc.update("""
                                INSERT INTO inference_result (batch_id, document_id, page_number, model, backend, raw_output, features, latency_ms)
                                SELECT d.batch_id, p.document_id, p.page_number, 'docpipe-ocr', 'textract',
                                       jsonb_build_object('text', repeat('lorem ipsum dolor sit amet ', 8), 'confidence', 93.5),
                                       '{"textFound": true, "wordCount": 40, "lineCount": 6}', 250 + p.page_number
                                  FROM document d JOIN page p ON p.document_id = d.id
                                 WHERE d.batch_id = ? AND d.bucket = 'bench-input' AND d.object_key >= ? AND d.object_key < ?
                                   AND p.status = 'INFERRED'""", batch, low, high);
            }
            if (audit) {
                jdbc.update("""
                                INSERT INTO audit_event (batch_id, document_id, page_number, stage, outcome, service, attempt, duration_ms, detail)
                                SELECT d.batch_id, p.document_id, p.page_number, 'INFERENCE', 'SUCCEEDED', 'inference-dispatcher', 1,
                                       250 + p.page_number, 'model=docpipe-ocr backend=textract words=40'
                                  FROM document d JOIN page p ON p.document_id = d.id
                                 WHERE d.batch_id = ? AND d.bucket = 'bench-input' AND d.object_key >= ? AND d.object_key < ?""",
                        batch, low, high);
            }
            if ((to / CHUNK) % 4 == 0 || to == documents) {
                System.out.printf("  %,d of %,d documents generated%n", to, documents);
            }
        }
        jdbc.execute("VACUUM ANALYZE");
    }

    /** Documents whose number modulo 100 falls in [from, to). */
    private static int count(int documents, int from, int to) {
        int n = 0;
        for (int g = 0; g < documents; g++) {
            int m = g % 100;
            if (m >= from && m < to) {
                n++;
            }
        }
        return n;
    }
}
