package dev.docpipe.benchmarks;

import dev.docpipe.embedded.InfrastructureEndpoints;
import dev.docpipe.embedded.InfrastructureSettings;
import dev.docpipe.embedded.LocalInfrastructure;
import dev.docpipe.ingestion.IngestionApplication;
import dev.docpipe.migrations.SchemaMigrator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingestion at scale: {@code POST /batches} over a prefix of a million objects on the embedded S3
 * server, timed until every object is a document row, a message on the ingest queue and an audit
 * row. The ingestion service runs as its own JVM with a small heap cap and GC logging, so its
 * peak and live heap are its own (PostgreSQL, ElasticMQ and S3Proxy run in this JVM, sharing the
 * machine's cores with it).
 */
public final class IngestBenchmark {

    /** The API token the benchmark gives the service it starts, and uses. */
    private static final String TOKEN = java.util.UUID.randomUUID().toString();

    static final String USAGE = """
            bin/benchmark ingest [--objects 1000000] [--heap 256m]
              objects: objects under the prefix; heap: the ingestion service's -Xmx. The benchmark JVM holds
              ElasticMQ's queue of a message per object: give it room (BENCHMARK_JAVA_OPTS, default -Xmx6g)""";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String BUCKET = "bench-input";
    /** G1's log line of a collection: heap before, after, and committed. */
    private static final Pattern GC = Pattern.compile("Pause.* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "benchmark-logback.xml");
        }
        if (List.of(args).contains("--help")) {
            System.out.println(USAGE);
            return;
        }
        BenchmarkArgs options = new BenchmarkArgs(args, Map.of("objects", "1000000", "heap", "256m"));
        int objects = options.integer("objects");
        Path work = Files.createTempDirectory("docpipe-ingest-benchmark-");
        InfrastructureSettings settings = InfrastructureSettings.defaults(work).withInMemoryS3();
        S3Proxy s3 = S3Proxy.builder()
                .blobStore(GeneratedKeySpace.wrap(new TransientNio2BlobStore(), BUCKET, "bench/", objects, 250_000))
                .endpoint(URI.create("http://127.0.0.1:" + freePort()))
                .awsAuthentication(AuthenticationType.AWS_V4, settings.accessKey(), settings.secretKey())
                .jettyMaxThreads(32)
                .build();
        Process service = null;
        try (LocalInfrastructure infrastructure = LocalInfrastructure.start(settings)) {
            s3.start();
            SchemaMigrator.migrate(infrastructure.dataSource());
            JdbcTemplate jdbc = new JdbcTemplate(infrastructure.dataSource());
            int port = freePort();
            Path gcLog = work.resolve("gc.log");
            service = startService(infrastructure.endpoints(), URI.create("http://127.0.0.1:" + s3.getPort()), port, options.string("heap"),
                    gcLog, work.resolve("ingestion-service.log"));
            String base = "http://127.0.0.1:" + port;
            awaitUp(base, service);
            System.out.printf("Ingestion: %,d objects under s3://%s/bench/, ingestion service -Xmx%s (own JVM); load before: %s%n",
                    objects, BUCKET, options.string("heap"), Figures.loadAverage());

            String postgresDirectory = work.resolve("postgres").toString();
            CpuTime cpuBefore = CpuTime.now(postgresDirectory);
            long serviceCpuBefore = service.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
            long start = System.nanoTime();
            String location = post(base + "/batches", "{\"bucket\":\"" + BUCKET + "\",\"prefixes\":[\"bench/\"]}");
            JsonNode batch;
            long lastReport = start;
            while (!(batch = get(base + location)).path("documents").path("listingComplete").asBoolean()) {
                if (!batch.path("status").asString().equals("LISTING")) {
                    throw new IllegalStateException("the batch ended " + batch);
                }
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    lastReport = System.nanoTime();
                    System.out.printf("  %5.0f s: %,d listed%n", (lastReport - start) / 1e9, batch.path("documents").path("listed").asLong());
                }
                Thread.sleep(200);
            }
            double listedSeconds = (System.nanoTime() - start) / 1e9;
            String batchId = location.substring("/batches/".length());
            while (jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE batch_id = CAST(? AS uuid)", Long.class, batchId) < objects) {
                Thread.sleep(200);
            }
            double auditedSeconds = (System.nanoTime() - start) / 1e9;
            CpuTime cpu = CpuTime.now(postgresDirectory).minus(cpuBefore);
            double serviceCpu = (service.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L) - serviceCpuBefore) / 1e9;
            long documents = jdbc.queryForObject("SELECT count(*) FROM document WHERE batch_id = CAST(? AS uuid)", Long.class, batchId);
            long queued = queued(infrastructure);
            long rssKb = peakRssKb(service.pid());
            List<long[]> collections = collections(gcLog);
            System.out.printf("listed, recorded and enqueued: %,d objects in %.1f s: %,.0f objects/s%n", objects, listedSeconds, objects / listedSeconds);
            System.out.printf("audit rows all written after %.1f s: %,.0f objects/s end to end%n", auditedSeconds, objects / auditedSeconds);
            System.out.printf("checks: batch says %,d listed; %,d document rows; %,d messages on the ingest queue; reconciliation exact: %s%n",
                    get(base + location).path("documents").path("listed").asLong(), documents, queued,
                    get(base + location).path("reconciliation").path("exact").asBoolean());
            System.out.printf("ingestion service heap (-Xmx%s): peak used %d MB, largest live set after a collection %d MB, committed %d MB; "
                            + "%d collections; live set after the first 10%% of collections %d MB, after the last 10%% %d MB; peak RSS %d MB%n",
                    options.string("heap"), collections.stream().mapToLong(c -> c[0]).max().orElse(0),
                    collections.stream().mapToLong(c -> c[1]).max().orElse(0), collections.stream().mapToLong(c -> c[2]).max().orElse(0),
                    collections.size(), decile(collections, false), decile(collections, true), rssKb / 1024);
            System.out.printf("CPU seconds per 1,000 objects: ingestion service %.3f, PostgreSQL %.3f, ElasticMQ and S3Proxy (this JVM) %.3f; "
                            + "machine busy %.0f%% of %d cores%n", serviceCpu * 1000 / objects, cpu.postgresNanos() / 1e6 / objects,
                    cpu.jvmNanos() / 1e6 / objects, 100 * cpu.machineBusyNanos() / 1e9 / auditedSeconds / Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().availableProcessors());
            Files.readAllLines(work.resolve("ingestion-service.log")).stream().filter(l -> l.contains("listed:"))
                    .forEach(l -> System.out.println("service log: " + l.substring(l.indexOf("Batch "))));
            System.out.printf("load after: %s%n", Figures.loadAverage());
        } finally {
            if (service != null) {
                service.destroy();
                service.waitFor();
            }
            s3.stop();
            FileSystemUtils.deleteRecursively(work);
        }
        System.exit(0);
    }

    private static Process startService(InfrastructureEndpoints endpoints, URI s3, int port, String heap, Path gcLog, Path log)
            throws IOException {
        Map<String, String> properties = new LinkedHashMap<>(endpoints.springProperties());
        properties.put("docpipe.s3.endpoint", s3.toString());
        properties.put("docpipe.ingestion.allowed-buckets", BUCKET);
        properties.put("docpipe.security.api-token", TOKEN);
        properties.put("server.port", Integer.toString(port));
        properties.put("spring.main.banner-mode", "off");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Xlog:gc:file=" + gcLog, "-cp", System.getProperty("java.class.path"), IngestionApplication.class.getName()));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitUp(String base, Process service) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the ingestion service exited with " + service.exitValue());
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/batches")).header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the ingestion service did not start");
    }

    private static String post(String uri, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return response.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(response.body()));
    }

    private static JsonNode get(String uri) throws IOException, InterruptedException {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static long queued(LocalInfrastructure infrastructure) {
        String url = infrastructure.sqsClient().getQueueUrl(b -> b.queueName("docpipe-ingest")).queueUrl();
        return Long.parseLong(infrastructure.sqsClient().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /** {before, after, committed} in MB for every collection in the log. */
    private static List<long[]> collections(Path gcLog) throws IOException {
        List<long[]> collections = new ArrayList<>();
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC.matcher(line);
            if (m.find()) {
                collections.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
            }
        }
        return collections;
    }

    /** The largest live set after collection in the first (or last) tenth of the run's collections. */
    private static long decile(List<long[]> collections, boolean last) {
        int n = Math.max(1, collections.size() / 10);
        List<long[]> part = last ? collections.subList(Math.max(0, collections.size() - n), collections.size())
                : collections.subList(0, Math.min(n, collections.size()));
        return part.stream().mapToLong(c -> c[1]).max().orElse(0);
    }

    private static long peakRssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
