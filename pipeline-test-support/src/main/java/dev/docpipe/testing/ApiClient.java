package dev.docpipe.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Calls the ingestion service's API over HTTP as a user would, with a bearer token. The tokens
 * below are registered for the service under test by {@link #registerTokens}.
 */
public final class ApiClient {

    /** Grants reading and writing. */
    public static final String WRITE_TOKEN = "test-write-token-0f3c9a71d2";

    /** Grants reading only. */
    public static final String READ_TOKEN = "test-read-token-5b8e21c4a9";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;
    private final String token;

    public ApiClient(int port, String token) {
        this.port = port;
        this.token = token;
    }

    /** A client with the write token. */
    public static ApiClient writer(int port) {
        return new ApiClient(port, WRITE_TOKEN);
    }

    public static void registerTokens(BiConsumer<String, Supplier<Object>> registry) {
        registry.accept("docpipe.security.api-token", () -> WRITE_TOKEN);
        registry.accept("docpipe.security.read-only-token", () -> READ_TOKEN);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Sends the request with this client's token (none if it has none) and a 30 s timeout. */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
