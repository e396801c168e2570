package dev.docpipe.ingestion.realtime;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a document's results for the real-time answer. */
@Repository
class RealtimeResults {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final int inlineRawPages;

    RealtimeResults(JdbcClient jdbc, JsonMapper json, RealtimeProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.inlineRawPages = properties.inlineRawPages();
    }

    Optional<String> status(UUID documentId) {
        return jdbc.sql("SELECT status FROM document WHERE id = :id").param("id", documentId).query(String.class).optional();
    }

    Optional<RealtimeView> view(UUID documentId) {
        return jdbc.sql("""
                        SELECT batch_id, status, bucket, object_key, size_bytes, page_count, pages_done, pages_failed,
                               failure_reason, failure_stage, failure_detail,
                               (extract(epoch FROM coalesce(completed_at, now()) - created_at) * 1000)::bigint AS elapsed_ms
                          FROM document WHERE id = :id""")
                .param("id", documentId)
                .query((rs, n) -> {
                    Integer pageCount = (Integer) rs.getObject("page_count");
                    return new RealtimeView(documentId, rs.getObject("batch_id", UUID.class), rs.getString("status"),
                            rs.getString("bucket"), rs.getString("object_key"), rs.getLong("size_bytes"), pageCount,
                            rs.getInt("pages_done"), rs.getInt("pages_failed"), rs.getString("failure_reason"),
                            rs.getString("failure_stage"), rs.getString("failure_detail"), rs.getLong("elapsed_ms"),
                            pages(documentId, pageCount != null && pageCount <= inlineRawPages));
                })
                .optional();
    }

    private List<RealtimeView.Page> pages(UUID documentId, boolean inlineRaw) {
        return jdbc.sql("""
                        SELECT p.page_number, p.status, p.failure_reason, r.model, r.backend, r.latency_ms, r.features::text,
                               CASE WHEN :inline THEN r.raw_output::text END
                          FROM page p LEFT JOIN inference_result r
                            ON r.document_id = p.document_id AND r.page_number = p.page_number
                         WHERE p.document_id = :id ORDER BY p.page_number, r.model""")
                .param("id", documentId)
                .param("inline", inlineRaw)
                .query((rs, n) -> new RealtimeView.Page(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), (Integer) rs.getObject(6), tree(rs.getString(7)), tree(rs.getString(8)),
                        "/documents/%s/pages/%d/results".formatted(documentId, rs.getInt(1))))
                .list();
    }

    List<RealtimeView.PageResult> pageResults(UUID documentId, int page) {
        return jdbc.sql("""
                        SELECT model, backend, latency_ms, features::text, raw_output::text, annotated_key
                          FROM inference_result WHERE document_id = :id AND page_number = :page ORDER BY model""")
                .param("id", documentId)
                .param("page", page)
                .query((rs, n) -> new RealtimeView.PageResult(documentId, page, rs.getString(1), rs.getString(2),
                        (Integer) rs.getObject(3), tree(rs.getString(4)), tree(rs.getString(5)), rs.getString(6)))
                .list();
    }

    private JsonNode tree(String text) {
        return text == null ? null : json.readTree(text);
    }
}
