package dev.docpipe.runner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to the ingestion service over HTTP, as any user of the API would. */
public final class BatchClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final URI base;
    private final String token;

    /** @param token the API's bearer token, with the write scope */
    public BatchClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Starts a batch and returns its id. */
    public String start(String bucket, List<String> prefixes, Map<String, Object> options) {
        String body = json.writeValueAsString(Map.of("bucket", bucket, "prefixes", prefixes, "options", options));
        JsonNode response = send(HttpRequest.newBuilder(base.resolve("/batches"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), 202);
        return response.path("id").asString();
    }

    /** Pauses, resumes or cancels a batch ({@code action} is {@code pause}, {@code resume} or {@code cancel}). */
    public JsonNode control(String id, String action) {
        return send(HttpRequest.newBuilder(base.resolve("/batches/" + id + "/" + action)).POST(HttpRequest.BodyPublishers.noBody()), 200);
    }

    public JsonNode report(String id) {
        return report(id, null);
    }

    /** @param by a file-name dimension to count by, or null */
    public JsonNode report(String id, String by) {
        return send(HttpRequest.newBuilder(base.resolve("/batches/" + id + "/report" + (by == null ? "" : "?by=" + by))).GET(), 200);
    }

    public String reportCsv(String id, String by) {
        return text(HttpRequest.newBuilder(base.resolve("/batches/" + id + "/report.csv" + (by == null ? "" : "?by=" + by))).GET(), 200);
    }

    public JsonNode batch(String id) {
        return send(HttpRequest.newBuilder(base.resolve("/batches/" + id)).GET(), 200);
    }

    private JsonNode send(HttpRequest.Builder request, int expected) {
        return json.readTree(text(request, expected));
    }

    private String text(HttpRequest.Builder request, int expected) {
        try {
            request.header("Authorization", "Bearer " + token);
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException("HTTP %d from %s: %s".formatted(response.statusCode(), response.uri(), response.body()));
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the ingestion service: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
