package dev.docpipe.dispatcher.https;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.core.failure.DocumentRejectedException;
import dev.docpipe.dispatcher.backend.InferenceBackend;
import dev.docpipe.dispatcher.backend.ModelOutput;
import dev.docpipe.dispatcher.backend.ModelThrottledException;
import dev.docpipe.dispatcher.backend.ModelUnavailableException;
import dev.docpipe.dispatcher.backend.PageInput;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs each page to a plain HTTPS endpoint and keeps its JSON answer. What a status means: 429
 * is throttling (the page is re-queued, after {@code Retry-After} if given); 400, 413, 415 and
 * 422 are the endpoint refusing this page (final); every other status is the endpoint's or our
 * configuration's fault, never the page's (a 401 or 403 is a wrong key, a 404 a wrong URL), so it
 * is retried and, if it persists, ends in the dead-letter queue where it can be redriven once fixed.
 */
class HttpsEndpointBackend implements InferenceBackend {

    static final String NAME = "https";

    private static final Set<Integer> PAGE_REFUSED = Set.of(400, 413, 415, 422);

    private final HttpClient http;
    private final HttpsEndpointProperties properties;
    private final JsonMapper json;

    HttpsEndpointBackend(HttpClient http, HttpsEndpointProperties properties, JsonMapper json) {
        this.http = http;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelOutput infer(PageInput page) {
        HttpRequest request = request(page);
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelUnavailableException("%s unreachable: %s".formatted(request.uri(), e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelUnavailableException("interrupted while calling " + request.uri(), e);
        }
        int status = response.statusCode();
        if (status == 429) {
            throw new ModelThrottledException(NAME, "%s answered 429".formatted(request.uri()), retryAfter(response), null);
        }
        if (PAGE_REFUSED.contains(status)) {
            throw new DocumentRejectedException(FailureReason.INFERENCE_REJECTED,
                    "%s refused the page with %d: %s".formatted(request.uri(), status, abbreviate(response.body())));
        }
        if (status < 200 || status > 299) {
            throw new ModelUnavailableException("%s answered %d: %s".formatted(request.uri(), status, abbreviate(response.body())));
        }
        return new ModelOutput(NAME, checkedJson(request.uri(), response.body()), Duration.ofNanos(System.nanoTime() - start));
    }

    private HttpRequest request(PageInput page) {
        URI uri = URI.create(properties.url().replace("{model}", URLEncoder.encode(page.model(), StandardCharsets.UTF_8)));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(properties.timeout()).header("Accept", "application/json");
        if (properties.authHeaderValue() != null && !properties.authHeaderValue().isBlank()) {
            builder.header(properties.authHeaderName(), properties.authHeaderValue());
        }
        return switch (properties.payload()) {
            case BYTES -> builder.header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(page.image()))
                    .build();
            case S3_REFERENCE -> builder.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of(
                            "model", page.model(),
                            "bucket", page.page().bucket(),
                            "key", page.page().key(),
                            "s3Uri", "s3://" + page.page().bucket() + "/" + page.page().key()))))
                    .build();
        };
    }

    /** The result column is JSON: an endpoint answering anything else is misconfigured, not the page. */
    private String checkedJson(URI uri, String body) {
        try {
            if (body == null || body.isBlank() || json.readTree(body).isMissingNode()) {
                throw new ModelUnavailableException("%s answered 2xx with an empty body".formatted(uri));
            }
            return body;
        } catch (JacksonException e) {
            throw new ModelUnavailableException("%s answered 2xx without a JSON body: %s".formatted(uri, abbreviate(body)), e);
        }
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After")
                .filter(v -> v.strip().matches("\\d{1,6}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v.strip())))
                .orElse(null);
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }
}
