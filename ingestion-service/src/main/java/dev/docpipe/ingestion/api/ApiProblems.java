package dev.docpipe.ingestion.api;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Every error the API answers is a problem (RFC 9457) whose detail says what to fix: which field
 * is unknown, which has the wrong type, where the JSON breaks, which constraint a value misses.
 * Spring's own answers say only "Failed to read request" or "Invalid request content." The
 * details written here name fields and positions rather than quote the request.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = createProblemDetail(ex, status, unreadable(ex.getCause()), null, null, request);
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Stream<String> fields = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> e.getField() + ": " + e.getDefaultMessage());
        Stream<String> objects = ex.getBindingResult().getGlobalErrors().stream().map(e -> e.getDefaultMessage());
        ProblemDetail problem = createProblemDetail(ex, status, sortedJoin(Stream.concat(fields, objects)), null, null, request);
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Stream<String> errors = ex.getParameterValidationResults().stream().flatMap(ApiProblems::describe);
        ProblemDetail problem = createProblemDetail(ex, status, sortedJoin(errors), null, null, request);
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    private static Stream<String> describe(ParameterValidationResult result) {
        String name = result.getMethodParameter().getParameterName();
        return result.getResolvableErrors().stream().map(e -> name + ": " + e.getDefaultMessage());
    }

    private static String unreadable(@Nullable Throwable cause) {
        return switch (cause) {
            case null -> "a JSON body is required";
            case UnrecognizedPropertyException e -> "unknown field '%s'".formatted(path(e));
            // A value a record's constructor refused: its message says which rule it broke.
            case ValueInstantiationException e when e.getCause() instanceof IllegalArgumentException refused ->
                    "'%s': %s".formatted(path(e), refused.getMessage());
            case MismatchedInputException e -> "'%s' has the wrong type or value".formatted(path(e));
            case StreamConstraintsException e -> "the JSON is too large or too deeply nested";
            case InputCoercionException e when !e.getPath().isEmpty() -> "'%s' is out of range".formatted(path(e));
            case InputCoercionException e when e.getLocation() != null ->
                    "the number at line %d, column %d is out of range".formatted(e.getLocation().getLineNr(), e.getLocation().getColumnNr());
            case StreamReadException e when e.getLocation() != null ->
                    "malformed JSON at line %d, column %d".formatted(e.getLocation().getLineNr(), e.getLocation().getColumnNr());
            case JacksonException e when !e.getPath().isEmpty() -> "'%s' cannot be read".formatted(path(e));
            default -> "the body is not valid JSON for this request";
        };
    }

    /** The field's path in the request, like {@code options.dpi} or {@code prefixes[2]}. */
    private static String path(JacksonException e) {
        List<JacksonException.Reference> references = e.getPath();
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "the body" : path.toString();
    }

    private static String sortedJoin(Stream<String> errors) {
        String joined = errors.sorted().collect(Collectors.joining("; "));
        return joined.isEmpty() ? "the request is invalid" : joined;
    }
}
