package dev.docpipe.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Writes failures the way the SageMaker runtime does, so that the AWS SDK raises its modelled
 * exceptions: the SDK's REST-JSON error parser takes the code from the {@code x-amzn-ErrorType}
 * header and the text from the body's {@code message}; {@code ModelErrorException} also reads
 * {@code OriginalStatusCode} and {@code OriginalMessage} from the body. Bad input is always a 4xx,
 * so the dispatcher never retries it as if the server had failed.
 */
@RestControllerAdvice(assignableTypes = InvocationsController.class)
class SageMakerErrorResponses {

    static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    private static final Logger log = LoggerFactory.getLogger(SageMakerErrorResponses.class);

    record ErrorBody(String message) {}

    record ModelErrorBody(
            String message,
            @JsonProperty("OriginalStatusCode") int originalStatusCode,
            @JsonProperty("OriginalMessage") String originalMessage) {}

    @ExceptionHandler
    ResponseEntity<ErrorBody> endpointNotFound(EndpointNotFoundException e) {
        return error(HttpStatus.BAD_REQUEST, "ValidationError", new ErrorBody(e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> payloadTooLarge(PayloadTooLargeException e) {
        return error(HttpStatus.BAD_REQUEST, "ValidationError", new ErrorBody(e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ModelErrorBody> unreadableImage(UnreadableImageException e) {
        String message = "Received client error (" + e.originalStatusCode() + ") from model with message \""
                + e.getMessage() + "\".";
        return error(HttpStatus.FAILED_DEPENDENCY, "ModelError",
                new ModelErrorBody(message, e.originalStatusCode(), e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> slotsBusy(OcrSlotsBusyException e) {
        // The SDK counts this code (and 429) as throttling and retries with its throttling backoff.
        return error(HttpStatus.TOO_MANY_REQUESTS, "ThrottlingException", new ErrorBody(e.getMessage()));
    }

    /** The caller gave up (its call timeout) while the page was read or answered: nobody is left to answer. */
    @ExceptionHandler
    void callerGone(IOException e) {
        log.debug("The caller went away: {}", e.toString());
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> injected(ModelFaults.InjectedFault e) {
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "InternalFailure", new ErrorBody("An internal error occurred (injected)."));
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> unexpected(RuntimeException e) {
        log.error("Invocation failed unexpectedly", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "InternalFailure",
                new ErrorBody("An internal error occurred: " + e.getMessage()));
    }

    private static <T> ResponseEntity<T> error(HttpStatus status, String errorType, T body) {
        return ResponseEntity.status(status)
                .header(ERROR_TYPE_HEADER, errorType)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }
}
