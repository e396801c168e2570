package dev.docpipe.dispatcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A model server in the test JVM (the JDK's own HTTP server) whose answers the test scripts: the
 * n-th request gets what {@link #answer} says, so a test can throttle the first N calls or fail
 * them with a 5xx and count what the dispatcher sent.
 */
public final class ScriptedModelServer implements AutoCloseable {

    /** One request as the server saw it. */
    public record Request(int number, String method, String path, Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    /** What to answer. */
    public record Reply(int status, Map<String, String> headers, String body) {}

    public static final String OCR_ANSWER = """
            {"model":"scripted","text":"Invoice total 42","meanConfidence":93.0,
             "lines":[{"text":"Invoice total 42","confidence":93.0,"bbox":{"left":1,"top":1,"width":9,"height":3},
                       "words":[{"text":"Invoice","confidence":95.0},{"text":"total","confidence":92.0},{"text":"42","confidence":92.0}]}]}""";

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final ConcurrentLinkedQueue<Request> seen = new ConcurrentLinkedQueue<>();
    private volatile Function<Request, Reply> answer = r -> ok(OCR_ANSWER);

    public ScriptedModelServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Forgets what it saw and answers from now on as {@code answer} says. */
    public void script(Function<Request, Reply> answer) {
        requests.set(0);
        seen.clear();
        this.answer = answer;
    }

    public int requests() {
        return requests.get();
    }

    public List<Request> seen() {
        return List.copyOf(seen);
    }

    public static Reply ok(String json) {
        return new Reply(200, Map.of("Content-Type", "application/json"), json);
    }

    /** The SageMaker runtime's throttling answer (REST-JSON: the code in a header). */
    public static Reply sageMakerThrottling() {
        return new Reply(429, Map.of("Content-Type", "application/json", "x-amzn-ErrorType", "ThrottlingException"),
                "{\"message\":\"Rate exceeded\"}");
    }

    public static Reply serverError() {
        return new Reply(500, Map.of("Content-Type", "application/json", "x-amzn-ErrorType", "InternalFailure"),
                "{\"message\":\"boom\"}");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Request request = new Request(requests.incrementAndGet(), exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body);
            seen.add(request);
            Reply reply = answer.apply(request);
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            exchange.getResponseBody().write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
