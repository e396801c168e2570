package dev.docpipe.ingestion.realtime;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * Problems for a multipart body the container could not take: too large is 413 with the limit,
 * unreadable is 400 (Spring would answer 500).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadProblems {

    private final RealtimeProperties properties;

    UploadProblems(RealtimeProperties properties) {
        this.properties = properties;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail tooLarge() {
        return tooLarge(properties).getBody();
    }

    static ErrorResponseException tooLarge(RealtimeProperties properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "a file is at most %d bytes (%s)".formatted(properties.maxFileSize().toBytes(), properties.maxFileSize()));
        problem.setTitle("File too large");
        return new ErrorResponseException(HttpStatus.CONTENT_TOO_LARGE, problem, null);
    }

    @ExceptionHandler(MultipartException.class)
    ProblemDetail unreadable() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the multipart/form-data body cannot be read");
        problem.setTitle("Unreadable upload");
        return problem;
    }
}
