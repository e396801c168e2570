package dev.docpipe.ingestion.report;

import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ReportController {

    private final ReportQueries queries;

    ReportController(ReportQueries queries) {
        this.queries = queries;
    }

    /**
     * The batch's report as JSON; {@code ?by=<dimension>} adds counts by a file-name metadata
     * dimension.
     */
    @GetMapping(path = "/batches/{id}/report", produces = MediaType.APPLICATION_JSON_VALUE)
    BatchReport report(@PathVariable UUID id,
            @RequestParam(required = false) @Pattern(regexp = "[a-zA-Z][a-zA-Z0-9]{0,31}", message = "must be a dimension name") String by) {
        return find(id, by);
    }

    /** The same report as CSV, one figure per row. */
    @GetMapping(path = "/batches/{id}/report.csv", produces = "text/csv")
    ResponseEntity<String> csv(@PathVariable UUID id,
            @RequestParam(required = false) @Pattern(regexp = "[a-zA-Z][a-zA-Z0-9]{0,31}", message = "must be a dimension name") String by) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"batch-%s-report.csv\"".formatted(id))
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .body(ReportCsv.of(find(id, by)));
    }

    private BatchReport find(UUID id, String by) {
        return queries.report(id, by).orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no batch " + id), null));
    }
}
