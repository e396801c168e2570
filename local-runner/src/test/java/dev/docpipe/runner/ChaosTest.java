package dev.docpipe.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.converter.ImageConverterApplication;
import dev.docpipe.dispatcher.InferenceDispatcherApplication;
import dev.docpipe.failsafe.FailsafeWorkerApplication;
import dev.docpipe.ingestion.IngestionApplication;
import dev.docpipe.large.LargeDocWorkerApplication;
import dev.docpipe.model.ModelEndpointApplication;
import dev.docpipe.model.ModelFaults;
import dev.docpipe.orchestrator.OrchestratorApplication;
import dev.docpipe.small.SmallDocWorkerApplication;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.core.sync.RequestBody;
import tools.jackson.databind.JsonNode;

/**
 * The chaos run (tagged, not in the default build; {@code bin/chaos}): a batch of generated
 * documents through every service as its own JVM, while a seeded schedule kills workers with
 * SIGKILL and starts them again, PostgreSQL goes away for 30 s once, and the model fails half
 * its calls for a minute. At the end: every
 * document terminal and none FAILED, every page of every document with exactly one result, the
 * batch's counters equal to the rows they count.
 *
 * <p>Settings (system properties): {@code chaos.pages} (about how many pages, default 2000),
 * {@code chaos.seed} (default 42), {@code chaos.timeout} (default PT40M).
 */
@Tag("chaos")
@PipelineInfrastructure
class ChaosTest {

    private static final String API_TOKEN = PipelineServices.newApiToken();

    private static final String PREFIX = "chaos/";
    private static final int[] DOCUMENT_PAGES = {1, 5, 25};

    @Test
    void killsAndAnOutageLoseNothingAndCountNothingTwice() throws Exception {
        int targetPages = Integer.getInteger("chaos.pages", 2000);
        long seed = Long.getLong("chaos.seed", 42);
        Duration timeout = Duration.parse(System.getProperty("chaos.timeout", "PT40M"));
        TestInfrastructure infra = TestInfrastructure.shared();
        infra.resetState();
        JdbcClient jdbc = JdbcClient.create(infra.dataSource());
        Path logs = Files.createDirectories(Path.of("target", "chaos"));

        int pages = upload(infra, targetPages);
        try (ConfigurableApplicationContext model = startModel(infra)) {
            List<ServiceProcess> services = services(infra, model, logs);
            services.forEach(ServiceProcess::start);
            BatchClient client = new BatchClient(URI.create("http://127.0.0.1:" + ingestionPort), API_TOKEN);
            awaitUp(client);
            Instant started = Instant.now();
            String batchId = client.start(infra.endpoints().inputBucket(), List.of(PREFIX), Map.of());
            UUID batch = UUID.fromString(batchId);

            Random random = new Random(seed);
            List<ServiceProcess> killable = services.subList(1, services.size());
            int kills = 0;
            boolean outageDone = false;
            boolean faultsDone = false;
            while (!completed(client, batchId)) {
                assertThat(Duration.between(started, Instant.now())).as("the batch finishes in time").isLessThan(timeout);
                Thread.sleep(Duration.ofSeconds(15 + random.nextInt(20)));
                long done = jdbc.sql("SELECT coalesce(sum(pages_done), 0) FROM document WHERE batch_id = :b").param("b", batch)
                        .query(Long.class).single();
                if (!outageDone && done > pages / 3) {
                    System.out.printf("chaos: PostgreSQL down for 30 s at %d of %d pages%n", done, pages);
                    infra.databaseOutage(true);
                    Thread.sleep(Duration.ofSeconds(30));
                    infra.databaseOutage(false);
                    outageDone = true;
                    continue;
                }
                if (!faultsDone && done > pages / 2) {
                    System.out.printf("chaos: the model fails half its calls for 60 s from %d of %d pages%n", done, pages);
                    model.getBean(ModelFaults.class).failFor(0.5, Duration.ofSeconds(60));
                    faultsDone = true;
                }
                ServiceProcess victim = killable.get(random.nextInt(killable.size()));
                System.out.printf("chaos: kill -9 %s at %d of %d pages%n", victim.name(), done, pages);
                victim.kill();
                kills++;
                Thread.sleep(Duration.ofSeconds(2 + random.nextInt(7)));
                victim.start();
            }
            Duration took = Duration.between(started, Instant.now());
            JsonNode report = new BatchWatcher(client, new PrintStream(OutputStream.nullOutputStream())).await(batchId, Duration.ofMinutes(1));
            int restarts = services.stream().mapToInt(s -> s.starts() - 1).sum();
            for (ServiceProcess service : services) {
                service.stop();
            }
            System.out.printf("chaos: %d pages in %d documents, %d kills, %d restarts, database outage %s, model faults %s, %d s, seed %d%n",
                    pages, report.path("documents").path("listed").asInt(), kills, restarts, outageDone ? "30 s" : "none",
                    faultsDone ? "50% for 60 s" : "none", took.toSeconds(), seed);

            assertThat(report.path("documents").path("failed").asInt()).as("no document failed for an injected fault").isZero();
            assertThat(report.path("documents").path("inFlight").asInt()).isZero();
            assertThat(report.path("reconciliation").path("exact").asBoolean()).as("counters equal the rows they count").isTrue();
            assertThat(jdbc.sql("""
                            SELECT count(*) FROM inference_result r JOIN document d ON d.id = r.document_id WHERE d.batch_id = :b""")
                    .param("b", batch).query(Long.class).single()).as("one result per page").isEqualTo(pages);
            assertThat(jdbc.sql("""
                            SELECT count(*) FROM document d CROSS JOIN generate_series(1, d.page_count) AS n(page)
                             WHERE d.batch_id = :b
                               AND NOT EXISTS (SELECT 1 FROM inference_result r WHERE r.document_id = d.id AND r.page_number = n.page)""")
                    .param("b", batch).query(Long.class).single()).as("no page without its result").isZero();
        }
    }

    private int ingestionPort;

    /** A failed look (the database is back only just) is not an answer: look again. */
    private static boolean completed(BatchClient client, String batchId) {
        try {
            return "COMPLETED".equals(client.batch(batchId).path("status").asString());
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private List<ServiceProcess> services(TestInfrastructure infra, ConfigurableApplicationContext model, Path logs) throws IOException {
        Map<String, String> common = new LinkedHashMap<>(infra.springProperties());
        common.put("docpipe.ingestion.allowed-buckets", infra.endpoints().inputBucket());
        common.put("docpipe.inference.sagemaker-endpoint", "http://127.0.0.1:" + ((WebServerApplicationContext) model).getWebServer().getPort());
        common.put("docpipe.sandbox.processes", "1");
        common.put("spring.main.banner-mode", "off");
        common.put(PipelineServices.API_TOKEN_PROPERTY, API_TOKEN);
        Map<String, Class<?>> applications = new LinkedHashMap<>();
        applications.put(IngestionApplication.NAME, IngestionApplication.class);
        applications.put(OrchestratorApplication.NAME, OrchestratorApplication.class);
        applications.put(LargeDocWorkerApplication.NAME, LargeDocWorkerApplication.class);
        applications.put(SmallDocWorkerApplication.NAME, SmallDocWorkerApplication.class);
        applications.put(ImageConverterApplication.NAME, ImageConverterApplication.class);
        applications.put(InferenceDispatcherApplication.NAME, InferenceDispatcherApplication.class);
        applications.put(FailsafeWorkerApplication.NAME, FailsafeWorkerApplication.class);
        List<ServiceProcess> services = new ArrayList<>();
        for (var application : applications.entrySet()) {
            Map<String, String> properties = new LinkedHashMap<>(common);
            int port = freePort();
            if (application.getValue() == IngestionApplication.class) {
                ingestionPort = port;
            }
            properties.put("server.port", Integer.toString(port));
            properties.putAll(PipelineServices.withoutWebSecurity(application.getKey()));
            services.add(new ServiceProcess(application.getKey(), application.getValue(), properties, logs));
        }
        return services;
    }

    private static ConfigurableApplicationContext startModel(TestInfrastructure infra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--docpipe.model.slot-wait=45s", "--spring.main.banner-mode=off",
                "--docpipe.model.fault-injection=true", "--spring.autoconfigure.exclude=" + PipelineServices.WEB_SECURITY_AUTO_CONFIGURATION));
        // As in the local runner: on this classpath the endpoint also sees Spring Cloud AWS, which needs the region.
        infra.springProperties().forEach((k, v) -> args.add("--" + k + "=" + v));
        infra.endpoints().modelEndpointProperties().forEach((k, v) -> args.add("--" + k + "=" + v));
        return ModelEndpointApplication.builder().run(args.toArray(String[]::new));
    }

    /** Documents of 1, 5 and 25 pages in turn until about {@code target} pages; returns the exact count. */
    private static int upload(TestInfrastructure infra, int target) {
        int pages = 0;
        for (int i = 0; pages < target; i++) {
            int count = DOCUMENT_PAGES[i % DOCUMENT_PAGES.length];
            byte[] pdf = SampleDocuments.pdf("Chaos " + i, count);
            String key = PREFIX + "doc-%05d.pdf".formatted(i);
            infra.s3Client().putObject(b -> b.bucket(infra.endpoints().inputBucket()).key(key), RequestBody.fromBytes(pdf));
            pages += count;
        }
        return pages;
    }

    private static void awaitUp(BatchClient client) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            try {
                client.batch(UUID.randomUUID().toString());
                return;
            } catch (RuntimeException e) {
                if (e.getMessage() != null && e.getMessage().contains("404")) {
                    return;
                }
                Thread.sleep(1000);
            }
        }
        throw new IllegalStateException("the ingestion service did not come up");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
