package dev.docpipe.ingestion.document;

import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class DocumentController {

    private final JdbcClient jdbc;

    DocumentController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/documents/{id}")
    DocumentView get(@PathVariable UUID id) {
        return jdbc.sql("SELECT * FROM document WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> new DocumentView(
                        id,
                        rs.getObject("batch_id", UUID.class),
                        rs.getString("bucket"),
                        rs.getString("object_key"),
                        rs.getLong("size_bytes"),
                        rs.getString("status"),
                        rs.getString("doc_class"),
                        (Integer) rs.getObject("page_count"),
                        rs.getInt("pages_done"),
                        rs.getString("failure_reason"),
                        rs.getString("failure_stage"),
                        rs.getString("failure_detail"),
                        rs.getString("metadata"),
                        pages(id),
                        audit(id)))
                .optional()
                .orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                        ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no document " + id), null));
    }

    private List<DocumentView.Page> pages(UUID id) {
        return jdbc.sql("""
                        SELECT p.page_number, p.status, p.image_key, p.width_px, p.height_px, r.model, r.features::text
                          FROM page p LEFT JOIN inference_result r
                            ON r.batch_id = (SELECT batch_id FROM document WHERE id = :id)
                           AND r.document_id = p.document_id AND r.page_number = p.page_number
                         WHERE p.document_id = :id ORDER BY p.page_number""")
                .param("id", id)
                .query((rs, n) -> new DocumentView.Page(rs.getInt(1), rs.getString(2), rs.getString(3),
                        (Integer) rs.getObject(4), (Integer) rs.getObject(5), rs.getString(6), rs.getString(7)))
                .list();
    }

    private List<DocumentView.AuditEntry> audit(UUID id) {
        return jdbc.sql("""
                        SELECT created_at, page_number, stage, outcome, service, attempt, duration_ms, detail
                          FROM audit_event WHERE batch_id = (SELECT batch_id FROM document WHERE id = :id)
                           AND document_id = :id ORDER BY created_at, id""")
                .param("id", id)
                .query((rs, n) -> new DocumentView.AuditEntry(rs.getTimestamp(1).toInstant(), rs.getInt(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getInt(6), rs.getLong(7), rs.getString(8)))
                .list();
    }
}
