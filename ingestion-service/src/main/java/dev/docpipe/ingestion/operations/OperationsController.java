package dev.docpipe.ingestion.operations;

import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.Stage;
import dev.docpipe.core.audit.AuditEvent;
import dev.docpipe.core.audit.AuditRecorder;
import dev.docpipe.core.audit.Outcome;
import dev.docpipe.core.messaging.DeadLetterQueues;
import dev.docpipe.core.messaging.QueueNames;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What an operator does when something went wrong: see what the dead-letter queues hold, redrive
 * one back to its source queue once the cause is fixed, and send a failed document, or every
 * failed document of a batch, through the pipeline again. Every action is in the audit trail.
 */
@RestController
class OperationsController {

    private final DeadLetterQueues deadLetters;
    private final Reprocessing reprocessing;
    private final AuditRecorder audit;
    private final QueueNames names;

    OperationsController(DeadLetterQueues deadLetters, Reprocessing reprocessing, AuditRecorder audit, QueueNames names) {
        this.deadLetters = deadLetters;
        this.reprocessing = reprocessing;
        this.audit = audit;
        this.names = names;
    }

    @GetMapping("/dead-letters")
    Map<String, Object> deadLetters() {
        List<Map<String, Object>> queues = deadLetters.depths().stream().map(depth -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("queue", depth.queue().logicalName());
            view.put("name", depth.name());
            view.put("messages", depth.visible());
            view.put("inFlight", depth.inFlight());
            deadLetters.latest(depth.queue()).ifPresent(r -> view.put("lastRedrive", r));
            return view;
        }).toList();
        long total = queues.stream().mapToLong(q -> (long) q.get("messages") + (long) q.get("inFlight")).sum();
        return Map.of("queues", queues, "total", total, "alarm", total > 0);
    }

    @PostMapping("/dead-letters/{queue}/redrive")
    ResponseEntity<DeadLetterQueues.Redrive> redrive(@PathVariable String queue) {
        PipelineQueue source = PipelineQueue.byLogicalName(queue).orElseThrow(() -> problem(HttpStatus.NOT_FOUND,
                "no queue '%s'; queues: %s".formatted(queue, Arrays.stream(PipelineQueue.values()).map(PipelineQueue::logicalName).toList())));
        DeadLetterQueues.Redrive redrive = deadLetters.redrive(source);
        audit.record(new AuditEvent(null, null, 0, Stage.FAILSAFE, Outcome.REQUEUED, 1, Duration.ZERO,
                "redrive of %s to %s: task %s %s, %d moved so far".formatted(names.deadLetterOf(source), names.of(source),
                        redrive.taskHandle(), redrive.status(), redrive.moved()), Instant.now()));
        return ResponseEntity.accepted().body(redrive);
    }

    @PostMapping("/documents/{id}/reprocess")
    ResponseEntity<Map<String, Object>> reprocessDocument(@PathVariable UUID id) {
        return switch (reprocessing.document(id)) {
            case REQUEUED -> ResponseEntity.accepted().body(Map.of("id", id, "status", "PENDING", "href", "/documents/" + id));
            case IN_FLIGHT -> ResponseEntity.accepted().body(Map.of("id", id, "status", "IN_FLIGHT", "href", "/documents/" + id,
                    "detail", "the document is already being processed; nothing was changed"));
            case COMPLETED -> throw problem(HttpStatus.CONFLICT, "document %s completed; only failed documents are reprocessed".formatted(id));
            case NOT_FOUND -> throw problem(HttpStatus.NOT_FOUND, "no document " + id);
        };
    }

    @PostMapping("/batches/{id}/reprocess-failed")
    ResponseEntity<Map<String, Object>> reprocessFailed(@PathVariable UUID id) {
        int requeued = reprocessing.failedOf(id).orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "no batch " + id));
        return ResponseEntity.accepted().body(Map.of("id", id, "requeued", requeued, "href", "/batches/" + id));
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
