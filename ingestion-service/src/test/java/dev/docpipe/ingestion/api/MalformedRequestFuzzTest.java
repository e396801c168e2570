package dev.docpipe.ingestion.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.ingestion.IngestionTestProperties;
import dev.docpipe.testing.ApiClient;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * RELIABILITY case 14: malformed requests, generated from a fixed seed, against every kind of
 * endpoint. Each must be answered 4xx (never 5xx, never accepted), start no batch, and cause no
 * S3 call. The request bodies are broken in ways that cannot turn valid by chance: truncated
 * JSON, control characters and invalid UTF-8 spliced in, wrong types, unknown fields, values
 * outside their rules.
 */
@PipelineInfrastructure
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=ingestion-service")
class MalformedRequestFuzzTest {

    private static final int REQUESTS = 1200;
    private static final String VALID = """
            {"bucket":"docpipe-input","prefixes":["fuzz/a/","fuzz/b/"],"options":{"model":"docpipe-ocr","dpi":150,\
            "backend":"sagemaker","annotate":true,"colour":"GREY","quality":{"blankInk":0.001,"inferFlagged":false},\
            "features":{"keywords":["invoice","total"]},"fileNamePattern":"(?<city>[^_]+)_(?<date>[0-9-]+)\\\\.pdf"}}""";

    /** Replacements that keep the JSON well-formed but break a rule of the request. */
    private static final List<String[]> BROKEN_VALUES = List.of(
            new String[] {"\"docpipe-input\"", "\"not-allowed-bucket\""},
            new String[] {"\"docpipe-input\"", "42"},
            new String[] {"\"docpipe-input\"", "null"},
            new String[] {"\"docpipe-input\"", "\"" + "b".repeat(70) + "\""},
            new String[] {"[\"fuzz/a/\",\"fuzz/b/\"]", "[]"},
            new String[] {"[\"fuzz/a/\",\"fuzz/b/\"]", "\"fuzz/a/\""},
            new String[] {"\"fuzz/a/\"", "\"../etc/\""},
            new String[] {"\"fuzz/a/\"", "\"/absolute/\""},
            new String[] {"\"fuzz/a/\"", "\"a\\\\b\""},
            new String[] {"\"fuzz/a/\"", "\"tab\\there\""},
            new String[] {"\"fuzz/a/\"", "\"\""},
            new String[] {"\"fuzz/a/\"", "\"" + "p".repeat(1100) + "\""},
            new String[] {"\"fuzz/a/\"", "{}"},
            new String[] {"\"docpipe-ocr\"", "\"model with spaces\""},
            new String[] {"\"docpipe-ocr\"", "\"\""},
            new String[] {"150", "\"high\""},
            new String[] {"150", "1e400"},
            new String[] {"150", "99999999999999999999"},
            new String[] {"150", "-1"},
            new String[] {"150", "5000"},
            new String[] {"\"sagemaker\"", "\"Sage Maker\""},
            new String[] {"true", "\"yes\""},
            new String[] {"\"GREY\"", "\"SEPIA\""},
            new String[] {"0.001", "7"},
            new String[] {"0.001", "\"lots\""},
            new String[] {"[\"invoice\",\"total\"]", "[\"<script>\"]"},
            new String[] {"[\"invoice\",\"total\"]", "\"invoice\""},
            new String[] {"\"(?<city>[^_]+)_(?<date>[0-9-]+)\\\\.pdf\"", "\"(unclosed\""},
            new String[] {"\"(?<city>[^_]+)_(?<date>[0-9-]+)\\\\.pdf\"", "\"no groups here\""},
            new String[] {"\"(?<city>[^_]+)_(?<date>[0-9-]+)\\\\.pdf\"", "\"" + "(?<a>x)".repeat(80) + "\""},
            new String[] {"\"model\"", "\"mdoel\""},
            new String[] {"\"options\":{", "\"options\":{\"unknown\":1,"},
            new String[] {"{\"bucket\"", "{\"extra\":[1,2],\"bucket\""});

    private final Random random = new Random(20261123);
    private final JdbcClient jdbc = JdbcClient.create(TestInfrastructure.shared().dataSource());

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IngestionTestProperties.register(registry);
    }

    @Test
    void answersEveryMalformedRequestWith4xxAndTouchesNothing() {
        TestInfrastructure.shared().resetState();
        ApiClient api = ApiClient.writer(port);
        List<Supplier<HttpResponse<String>>> kinds = List.of(
                () -> postBytes(api, truncated()),
                () -> postBytes(api, spliced()),
                () -> api.post("/batches", brokenValue()),
                () -> api.post("/batches", tooManyPrefixes()),
                () -> api.post("/batches", deeplyNested()),
                () -> api.send(HttpRequest.newBuilder(api.uri("/batches")).header("Content-Type", randomContentType())
                        .POST(HttpRequest.BodyPublishers.ofString(VALID))),
                () -> api.get(randomBadQuery()),
                () -> api.post(randomBadControl()),
                () -> api.send(HttpRequest.newBuilder(api.uri(randomPath())).method(randomMethod(), HttpRequest.BodyPublishers.ofString("{}"))),
                () -> new ApiClient(port, randomToken()).post("/batches", VALID));

        long s3Before = S3CallCounter.calls();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long[] nanos = new long[kinds.size()];
        for (int i = 0; i < REQUESTS; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = kinds.get(i % kinds.size()).get();
            nanos[i % kinds.size()] += System.nanoTime() - start;
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() < 400 || response.statusCode() >= 500) {
                failures.add("%s %s -> %d %s".formatted(response.request().method(), response.uri(), response.statusCode(), response.body()));
            }
        }
        System.out.printf("Malformed requests: %d sent, answered %s; ms per kind %s%n", REQUESTS, statuses,
                java.util.Arrays.stream(nanos).map(n -> n / 1_000_000).boxed().toList());

        assertThat(failures).as("requests answered other than 4xx").isEmpty();
        assertThat(statuses.keySet()).contains(400, 401, 404, 405, 415);
        assertThat(jdbc.sql("SELECT count(*) FROM batch").query(Long.class).single()).as("batches started").isZero();
        assertThat(S3CallCounter.calls() - s3Before).as("S3 calls for rejected requests").isZero();

        // The control: the valid request is accepted, so the checks above are not vacuous.
        assertThat(api.post("/batches", VALID).statusCode()).isEqualTo(202);
    }

    private HttpResponse<String> postBytes(ApiClient api, byte[] body) {
        return api.send(HttpRequest.newBuilder(api.uri("/batches")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A strict prefix of a JSON object never closes it. */
    private byte[] truncated() {
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
    }

    /** A control character or a byte that is never UTF-8, anywhere in the body. */
    private byte[] spliced() {
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        int at = 1 + random.nextInt(valid.length - 2);
        byte[] bad = {0x01, 0x00, 0x1b, (byte) 0xff, (byte) 0xc3, 0x07};
        byte[] out = new byte[valid.length + 1];
        System.arraycopy(valid, 0, out, 0, at);
        out[at] = bad[random.nextInt(bad.length)];
        System.arraycopy(valid, at, out, at + 1, valid.length - at);
        return out;
    }

    private String brokenValue() {
        String[] replacement = BROKEN_VALUES.get(random.nextInt(BROKEN_VALUES.size()));
        assertThat(VALID).contains(replacement[0]);
        return VALID.replaceFirst(java.util.regex.Pattern.quote(replacement[0]), java.util.regex.Matcher.quoteReplacement(replacement[1]));
    }

    private String tooManyPrefixes() {
        StringBuilder prefixes = new StringBuilder();
        for (int i = 0; i < 101 + random.nextInt(50); i++) {
            prefixes.append(i == 0 ? "" : ",").append("\"fuzz/").append(i).append("/\"");
        }
        return "{\"bucket\":\"docpipe-input\",\"prefixes\":[" + prefixes + "]}";
    }

    private String deeplyNested() {
        int depth = 1500 + random.nextInt(1000);
        return "{\"bucket\":\"docpipe-input\",\"prefixes\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    private String randomContentType() {
        String[] types = {"text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "image/png"};
        return types[random.nextInt(types.length)];
    }

    private String randomBadQuery() {
        String id = UUID.randomUUID().toString();
        String[] queries = {
                "/batches?limit=0", "/batches?limit=-5", "/batches?limit=abc", "/batches?offset=-1", "/batches?limit=100000",
                "/batches/not-a-uuid", "/batches/" + id, "/batches/" + id + "/report", "/batches/" + id + "/report.csv",
                "/batches/" + id + "/report?by=..%2Fx", "/batches/" + id + "/documents", "/batches/" + id + "/documents?status=BOGUS",
                "/batches/" + id + "/documents?limit=0", "/batches/" + id + "/documents?after=not-a-uuid",
                "/batches/" + id + "/documents?reason=lower-case", "/documents/" + id, "/documents/%00", "/documents/x'%20OR%201=1"};
        return queries[random.nextInt(queries.length)];
    }

    private String randomBadControl() {
        String[] actions = {"pause", "resume", "cancel"};
        String action = actions[random.nextInt(actions.length)];
        return random.nextBoolean() ? "/batches/" + UUID.randomUUID() + "/" + action : "/batches/not-a-uuid/" + action;
    }

    private String randomPath() {
        String[] paths = {"/batches", "/batches/" + UUID.randomUUID(), "/nothing-here", "/documents", "/dead-letters/no-such-queue/redrive"};
        return paths[random.nextInt(paths.length)];
    }

    private String randomMethod() {
        String[] methods = {"PUT", "PATCH", "DELETE"};
        return methods[random.nextInt(methods.length)];
    }

    private String randomToken() {
        String[] tokens = {"", "x", "Bearer", UUID.randomUUID().toString(), "a".repeat(5000), ApiClient.WRITE_TOKEN + "x",
                ApiClient.WRITE_TOKEN.toUpperCase(), "eyJhbGciOiJub25lIn0.eyJzY29wZSI6ImRvY3BpcGUvd3JpdGUifQ."};
        return tokens[random.nextInt(tokens.length)];
    }
}
