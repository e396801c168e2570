package dev.docpipe.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A model that answers at once: the SageMaker runtime's {@code POST /endpoints/{name}/invocations}
 * on loopback, answered 200 with one fixed OCR result in the local model's shape (so the
 * dispatcher's OCR features parse it), whatever the page. What is left of a call is then the
 * client's and the protocol's own cost, the same for both sides of the benchmark.
 */
final class InstantModelServer implements AutoCloseable {

    static final String OCR_ANSWER = """
            {"model":"instant","text":"Invoice total 42","meanConfidence":93.0,
             "lines":[{"text":"Invoice total 42","confidence":93.0,"bbox":{"left":1,"top":1,"width":9,"height":3},
                       "words":[{"text":"Invoice","confidence":95.0},{"text":"total","confidence":92.0},{"text":"42","confidence":92.0}]}]}""";

    private static final Pattern INVOCATIONS = Pattern.compile("/endpoints/[^/]+/invocations");
    private static final byte[] ANSWER = OCR_ANSWER.getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService threads;
    private final AtomicLong invocations = new AtomicLong();

    /** @param threads at least the callers' concurrency, so no call waits for a server thread */
    InstantModelServer(int threads) {
        // The JDK server writes the headers and the body in separate segments; with Nagle's
        // algorithm on, the client's delayed ACK would add tens of milliseconds to every call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.threads = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("instant-model-", 0).daemon().factory());
        server.createContext("/", this::handle);
        server.setExecutor(this.threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long invocations() {
        return invocations.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            // Read to the end, so the connection can be kept for the next call.
            exchange.getRequestBody().readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod()) || !INVOCATIONS.matcher(exchange.getRequestURI().getPath()).matches()) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            invocations.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ANSWER.length);
            exchange.getResponseBody().write(ANSWER);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
