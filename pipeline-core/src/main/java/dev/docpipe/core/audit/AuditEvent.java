package dev.docpipe.core.audit;

import dev.docpipe.contracts.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One stage outcome for a document or a page: an audit row.
 *
 * @param pageNumber 1-based page, or 0 for the whole document
 * @param attempt    the delivery attempt (the SQS receive count)
 */
public record AuditEvent(
        UUID batchId,
        UUID documentId,
        int pageNumber,
        Stage stage,
        Outcome outcome,
        int attempt,
        Duration duration,
        String detail,
        Instant at) {

    private static final int MAX_DETAIL = 2000;

    public AuditEvent {
        if (detail != null && detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL);
        }
    }
}
