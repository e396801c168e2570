package dev.docpipe.ingestion.realtime;

import dev.docpipe.ingestion.batch.IngestionProperties;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * The real-time path: {@code POST /documents} takes one file, and answers 200 with the document's
 * results if it is done within {@code wait}, or else 202 with the document's location to ask
 * later. The wait is asynchronous (the request thread goes back to the container), so waiting
 * clients cost neither threads nor database connections.
 */
@RestController
class UploadController implements DisposableBean {

    /** Beyond the wait, before the container itself would end the request: the waiter answers first. */
    private static final Duration ASYNC_MARGIN = Duration.ofSeconds(10);

    private final Uploads uploads;
    private final CompletionWaiter waiter;
    private final RealtimeResults results;
    private final RealtimeProperties properties;
    private final IngestionProperties ingestion;
    // Answers are read from the database off the waiter's timer, which must stay free to tick.
    private final ExecutorService answers = Executors.newVirtualThreadPerTaskExecutor();

    UploadController(Uploads uploads, CompletionWaiter waiter, RealtimeResults results, RealtimeProperties properties,
            IngestionProperties ingestion) {
        this.uploads = uploads;
        this.waiter = waiter;
        this.results = results;
        this.properties = properties;
        this.ingestion = ingestion;
    }

    @PostMapping(path = "/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    DeferredResult<ResponseEntity<Object>> upload(MultipartHttpServletRequest request) {
        // Before the parts are parsed: a body declared too large is refused unread.
        if (request.getContentLengthLong() > properties.maxFileSize().toBytes() + MultipartLimits.FIELDS.toBytes()) {
            throw UploadProblems.tooLarge(properties);
        }
        UploadRequest upload = UploadRequest.read(request, properties, ingestion);
        Uploads.Stored stored = uploads.store(upload.file(), upload.options());
        UUID id = stored.documentId();
        DeferredResult<ResponseEntity<Object>> answer = new DeferredResult<>(upload.waitFor().plus(ASYNC_MARGIN).toMillis());
        if (upload.waitFor().isZero()) {
            answer.setResult(accepted(id, "PENDING"));
            return answer;
        }
        CompletableFuture<Boolean> done = waiter.await(id, upload.waitFor());
        answer.onTimeout(() -> answer.setResult(accepted(id, "IN_FLIGHT")));
        // A client that went away (or the backstop timeout) ends the wait.
        answer.onCompletion(() -> done.cancel(false));
        done.thenApplyAsync(terminal -> terminal ? finished(id) : accepted(id, results.status(id).orElse("PENDING")), answers)
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        answer.setErrorResult(failure);
                    } else {
                        answer.setResult(response);
                    }
                });
        return answer;
    }

    @GetMapping("/documents/{id}/pages/{page}/results")
    List<RealtimeView.PageResult> pageResults(@PathVariable UUID id, @PathVariable int page) {
        List<RealtimeView.PageResult> found = results.pageResults(id, page);
        if (found.isEmpty()) {
            throw UploadRequest.problem(HttpStatus.NOT_FOUND, "no result for page %d of document %s".formatted(page, id));
        }
        return found;
    }

    private ResponseEntity<Object> finished(UUID id) {
        return ResponseEntity.ok().<Object>body(results.view(id).orElseThrow());
    }

    private static ResponseEntity<Object> accepted(UUID id, String status) {
        URI location = URI.create("/documents/" + id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("status", status);
        body.put("href", location.toString());
        return ResponseEntity.accepted().location(location).body(body);
    }

    @Override
    public void destroy() {
        answers.shutdownNow();
    }
}
