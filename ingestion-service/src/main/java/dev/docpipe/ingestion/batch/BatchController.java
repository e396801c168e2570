package dev.docpipe.ingestion.batch;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

// No class-level @Validated: it would validate @Min/@Max through an AOP proxy whose
// ConstraintViolationException no handler maps (a 500); without it Spring MVC validates them
// itself and answers 400 with a problem.
@RestController
class BatchController {

    private final BatchStarter starter;
    private final BatchQueries queries;

    BatchController(BatchStarter starter, BatchQueries queries) {
        this.starter = starter;
        this.queries = queries;
    }

    @PostMapping("/batches")
    ResponseEntity<Map<String, Object>> start(@Valid @RequestBody StartBatch request) {
        UUID id = starter.start(request);
        URI location = URI.create("/batches/" + id);
        return ResponseEntity.accepted().location(location).body(Map.of("id", id, "status", "LISTING", "href", location.toString()));
    }

    @GetMapping("/batches/{id}")
    BatchView get(@PathVariable UUID id) {
        return queries.find(id).orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no batch " + id), null));
    }

    @GetMapping("/batches")
    List<BatchView> list(@RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return queries.recent(limit, offset);
    }

    @ExceptionHandler(InvalidBatchException.class)
    ProblemDetail invalid(InvalidBatchException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid batch");
        return problem;
    }
}
