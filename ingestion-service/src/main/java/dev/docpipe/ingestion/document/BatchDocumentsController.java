package dev.docpipe.ingestion.document;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
class BatchDocumentsController {

    private final JdbcClient jdbc;

    BatchDocumentsController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A batch's documents, filtered by status and failure reason, a page at a time (see {@link DocumentPage}). */
    @GetMapping("/batches/{id}/documents")
    DocumentPage documents(@PathVariable UUID id,
            @RequestParam(required = false) @Pattern(regexp = "PENDING|CLASSIFIED|COMPLETED|FAILED|CANCELLED",
                    message = "must be PENDING, CLASSIFIED, COMPLETED, FAILED or CANCELLED") String status,
            @RequestParam(required = false) @Pattern(regexp = "[A-Z_]{1,40}", message = "must be a reason code such as CORRUPT") String reason,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @RequestParam(required = false) UUID after) {
        boolean exists = jdbc.sql("SELECT EXISTS (SELECT 1 FROM batch WHERE id = :id)").param("id", id).query(Boolean.class).single();
        if (!exists) {
            throw new ErrorResponseException(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no batch " + id), null);
        }
        List<DocumentPage.Item> items = jdbc.sql("""
                        SELECT id, object_key, status, page_count, pages_done, pages_failed, failure_reason, failure_stage,
                               metadata::text AS metadata
                          FROM document
                         WHERE batch_id = :batch
                           AND (CAST(:status AS text) IS NULL OR status = :status)
                           AND (CAST(:reason AS text) IS NULL OR failure_reason = :reason)
                           AND (CAST(:after AS uuid) IS NULL OR id > :after)
                         ORDER BY id LIMIT :limit""")
                .param("batch", id)
                .param("status", status)
                .param("reason", reason)
                .param("after", after)
                .param("limit", limit + 1)
                .query((rs, n) -> new DocumentPage.Item(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        (Integer) rs.getObject(4), rs.getInt(5), rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9)))
                .list();
        if (items.size() <= limit) {
            return new DocumentPage(items, null);
        }
        List<DocumentPage.Item> page = items.subList(0, limit);
        String next = UriComponentsBuilder.fromPath("/batches/{id}/documents")
                .queryParamIfPresent("status", java.util.Optional.ofNullable(status))
                .queryParamIfPresent("reason", java.util.Optional.ofNullable(reason))
                .queryParam("limit", limit)
                .queryParam("after", page.getLast().id())
                .buildAndExpand(id)
                .toUriString();
        return new DocumentPage(List.copyOf(page), next);
    }
}
