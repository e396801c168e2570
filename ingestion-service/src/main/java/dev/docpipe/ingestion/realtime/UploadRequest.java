package dev.docpipe.ingestion.realtime;

import dev.docpipe.contracts.ProcessingOptions;
import dev.docpipe.ingestion.batch.IngestionProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.MultiValueMap;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * The fields of {@code POST /documents}, as query parameters or form fields: the {@code file}
 * part, and optionally {@code wait}, {@code model}, {@code dpi} and {@code backend}. Anything else,
 * or a field given twice, is a 400: a misspelt {@code wiat} must not silently mean "don't wait".
 */
record UploadRequest(MultipartFile file, Duration waitFor, ProcessingOptions options) {

    static final String FILE = "file";
    private static final Set<String> FIELDS = Set.of("wait", "model", "dpi", "backend");
    // The rules of POST /batches's options.
    private static final Pattern MODEL = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    private static final Pattern BACKEND = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}");

    static UploadRequest read(MultipartHttpServletRequest request, RealtimeProperties realtime, IngestionProperties ingestion) {
        Map<String, String[]> parameters = request.getParameterMap();
        MultiValueMap<String, MultipartFile> files = request.getMultiFileMap();
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        unknown.removeAll(FIELDS);
        unknown.addAll(files.keySet());
        unknown.remove(FILE);
        if (!unknown.isEmpty()) {
            throw badRequest("unknown field%s %s; the fields are file, wait, model, dpi and backend".formatted(
                    unknown.size() > 1 ? "s" : "", String.join(", ", unknown.stream().map(f -> "'" + f + "'").toList())));
        }
        if (parameters.containsKey(FILE)) {
            throw badRequest("'file' must be a file part (Content-Disposition with a filename), not a text field");
        }
        List<MultipartFile> file = files.getOrDefault(FILE, List.of());
        if (file.size() != 1) {
            throw badRequest(file.isEmpty() ? "a 'file' part is required" : "one 'file' per request, got " + file.size());
        }
        Duration wait = single(parameters, "wait") == null ? realtime.defaultWait() : wait(single(parameters, "wait"), realtime.maxWait());
        return new UploadRequest(file.getFirst(), wait, options(parameters, ingestion));
    }

    private static Duration wait(String value, Duration max) {
        Duration wait;
        try {
            // A bare number is seconds, the unit a client means by "wait=10".
            wait = SECONDS.matcher(value).matches() ? Duration.ofSeconds(Long.parseLong(value)) : DurationStyle.detectAndParse(value);
        } catch (IllegalArgumentException e) {
            throw badRequest("'wait' must be a duration such as 10s, 1500ms or PT10S");
        }
        if (wait.isNegative() || wait.compareTo(max) > 0) {
            throw badRequest("'wait' must be between 0 and %d seconds".formatted(max.toSeconds()));
        }
        return wait;
    }

    private static ProcessingOptions options(Map<String, String[]> parameters, IngestionProperties ingestion) {
        String model = single(parameters, "model");
        if (model != null && !MODEL.matcher(model).matches()) {
            throw badRequest("'model' must be a model endpoint name");
        }
        String backend = single(parameters, "backend");
        if (backend != null && !BACKEND.matcher(backend).matches()) {
            throw badRequest("'backend' must be a backend name such as sagemaker");
        }
        String dpi = single(parameters, "dpi");
        int resolution;
        try {
            resolution = dpi == null ? ingestion.defaultDpi() : Integer.parseInt(dpi);
        } catch (NumberFormatException e) {
            throw badRequest("'dpi' must be a whole number");
        }
        try {
            return new ProcessingOptions(resolution, model != null ? model : ingestion.defaultModel(), backend, false);
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
    }

    private static String single(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        if (values == null) {
            return null;
        }
        if (values.length != 1) {
            throw badRequest("'%s' is given %d times".formatted(name, values.length));
        }
        return values[0];
    }

    static ErrorResponseException badRequest(String detail) {
        return problem(HttpStatus.BAD_REQUEST, detail);
    }

    static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
