package dev.docpipe.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes failures as Textract does, so the SDK raises the exceptions a Textract caller handles:
 * a body {@code {"__type": "<code>", "message": "..."}} with status 400 for the caller's faults and
 * throttling, 500 for ours. The codes: ThrottlingException (every OCR engine stayed busy; the SDK
 * retries it as throttling), UnsupportedDocumentException (not a PNG, JPEG or TIFF),
 * BadDocumentException (an image that does not decode), DocumentTooLargeException,
 * InvalidParameterException, InvalidS3ObjectException, InternalServerError.
 */
@RestControllerAdvice(assignableTypes = TextractController.class)
class TextractErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(TextractErrorResponses.class);

    private final JsonMapper json;

    TextractErrorResponses(JsonMapper json) {
        this.json = json;
    }

    @ExceptionHandler
    ResponseEntity<String> textract(TextractException e) {
        return error(e.status(), e.type(), e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<String> slotsBusy(OcrSlotsBusyException e) {
        return error(400, "ThrottlingException", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<String> unreadable(UnreadableImageException e) {
        return e.originalStatusCode() == 415
                ? error(400, "UnsupportedDocumentException", e.getMessage())
                : error(400, "BadDocumentException", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<String> tooLarge(PayloadTooLargeException e) {
        return error(400, "DocumentTooLargeException", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<String> unexpected(RuntimeException e) {
        log.error("Textract request failed unexpectedly", e);
        return error(500, "InternalServerError", "An internal error occurred: " + e.getMessage());
    }

    private ResponseEntity<String> error(int status, String type, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("__type", type);
        body.put("message", message);
        return ResponseEntity.status(status)
                .header("Content-Type", TextractController.AMZ_JSON)
                .header("x-amzn-ErrorType", type)
                .body(json.writeValueAsString(body));
    }
}
