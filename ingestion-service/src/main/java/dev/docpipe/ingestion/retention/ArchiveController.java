package dev.docpipe.ingestion.retention;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /batches/{id}/archive} moves a finished batch's audit events and results out of the
 * live tables; {@code DELETE /batches/{id}/archive} drops what was archived. The batch's own row,
 * documents, pages and counters stay, so {@code GET /batches/{id}} still answers.
 */
@RestController
class ArchiveController {

    private final BatchArchive archive;

    ArchiveController(BatchArchive archive) {
        this.archive = archive;
    }

    @PostMapping("/batches/{id}/archive")
    ResponseEntity<Void> archive(@PathVariable UUID id) {
        return switch (archive.archive(id)) {
            case ARCHIVED -> ResponseEntity.noContent().build();
            case NOT_FOUND -> throw problem(HttpStatus.NOT_FOUND, "no batch " + id);
            case NOT_FINISHED -> throw problem(HttpStatus.CONFLICT, "batch %s is still running: only a COMPLETED or FAILED batch is archived".formatted(id));
            case BUSY -> throw problem(HttpStatus.SERVICE_UNAVAILABLE, "the audit tables are busy (a long query?): try again");
        };
    }

    @DeleteMapping("/batches/{id}/archive")
    ResponseEntity<Void> drop(@PathVariable UUID id) {
        if (!archive.drop(id)) {
            throw problem(HttpStatus.NOT_FOUND, "batch %s has nothing archived".formatted(id));
        }
        return ResponseEntity.noContent().build();
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
