package dev.docpipe.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.converter.ImageConverterApplication;
import dev.docpipe.core.isolation.SandboxProperties;
import dev.docpipe.dispatcher.InferenceDispatcherApplication;
import dev.docpipe.embedded.InstalledQueue;
import dev.docpipe.large.LargeDocWorkerApplication;
import dev.docpipe.orchestrator.OrchestratorApplication;
import dev.docpipe.runner.RunStatistics.Hold;
import dev.docpipe.small.SmallDocWorkerApplication;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;

/**
 * The real-world corpus ({@code ../shared/corpus}: qpdf's and PDFBox's test files, fuzzer
 * reproducers among them) through the whole pipeline with the services' own settings: every
 * document ends COMPLETED or FAILED with a reason, no service stops, and no stage holds a document
 * or page longer than its sandbox bound allows. The batch runs once, before the checks.
 *
 * <p>Slow (tens of minutes on two cores), so tagged and left out of {@code ./mvnw verify}. Run it
 * from the repository root with
 * {@code ./mvnw -pl local-runner verify -Dgroups=corpus -DexcludedGroups=}; the statistics go to
 * {@code local-runner/target/surefire-reports/dev.docpipe.runner.CorpusTest-output.txt}.
 */
@Tag("corpus")
@PipelineInfrastructure
class CorpusTest {

    private static final String PREFIX = "corpus/";
    /** About 4,000 pages to render and OCR: 11 minutes on two cores shared with other work, so four times that. */
    private static final Duration BATCH_TIMEOUT = Duration.ofMinutes(45);
    /**
     * What a hold may add to its sandbox bound: downloading the source and uploading the results,
     * and waiting for one of the service's sandbox processes, which may be starting afresh after
     * its predecessor was killed or crashed (a JVM start: about 11 s on two busy cores). The
     * corpus's worst such wait was 19 s, for files that inspect in milliseconds.
     */
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private static TestInfrastructure infra;
    private static PipelineServices services;
    private static JdbcClient jdbc;
    private static RunStatistics stats;
    private static JsonNode batch;
    private static int files;

    @BeforeAll
    static void runTheCorpus() throws IOException {
        Path corpus = corpusFolder();
        Assumptions.assumeTrue(corpus != null, "no ../shared/corpus next to the repository");
        infra = TestInfrastructure.shared();
        infra.resetState();
        Map<String, String> properties = new HashMap<>();
        properties.put("docpipe.ingestion.allowed-buckets", infra.endpoints().inputBucket());
        services = PipelineServices.start(infra.endpoints(), properties);
        jdbc = JdbcClient.create(infra.dataSource());
        files = upload(corpus);

        BatchClient client = services.batchClient();
        long start = System.nanoTime();
        String batchId = client.start(infra.endpoints().inputBucket(), List.of(PREFIX), Map.of());
        batch = new BatchWatcher(client, System.out).await(batchId, BATCH_TIMEOUT);
        System.out.printf("corpus: %d files, batch over in %.1f s%n", files, (System.nanoTime() - start) / 1e9);
        services.flushAuditTrail(Duration.ofSeconds(30));
        stats = new RunStatistics(infra.dataSource(), UUID.fromString(batchId));
        new RunReport(infra.dataSource(), System.out).print(batch);
    }

    @AfterAll
    static void stopPipeline() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void endsEveryDocumentCompletedOrFailedWithAReason() {
        assertThat(batch.path("status").asString()).isEqualTo("COMPLETED");
        JsonNode documents = batch.path("documents");
        assertThat(documents.path("listed").asInt()).isEqualTo(files);
        assertThat(documents.path("inFlight").asInt()).isZero();
        assertThat(documents.path("completed").asInt() + documents.path("failed").asInt()).isEqualTo(files);
        // The ledger's counters agree with the rows they count.
        assertThat(stats.documents("COMPLETED")).isEqualTo(documents.path("completed").asLong());
        assertThat(stats.documents("FAILED")).isEqualTo(documents.path("failed").asLong());
        assertThat(stats.inFlight()).isZero();
        assertThat(count("SELECT count(*) FROM document WHERE batch_id = :b AND status = 'FAILED' AND failure_reason IS NULL")).isZero();
    }

    @Test
    void givesEveryPageOfACompletedDocumentExactlyOneResult() {
        assertThat(count("""
                SELECT count(*) FROM document d CROSS JOIN generate_series(1, d.page_count) AS n(page)
                 WHERE d.batch_id = :b AND d.status = 'COMPLETED'
                   AND NOT EXISTS (SELECT 1 FROM inference_result r WHERE r.document_id = d.id AND r.page_number = n.page)""")).isZero();
        assertThat(count("SELECT count(*) FROM inference_result r JOIN document d ON d.id = r.document_id WHERE d.batch_id = :b"))
                .isEqualTo(stats.pages().inferred());
    }

    @Test
    void holdsNoDocumentOrPagePastItsTimeBound() {
        List<Hold> overBound = stats.holdsOver(Duration.ofSeconds(1)).stream()
                .filter(hold -> hold.millis() > boundOf(hold).toMillis())
                .toList();
        assertThat(overBound).isEmpty();
    }

    @Test
    void keepsEveryServiceRunningAndLeavesNoMessageBehind() {
        assertThat(services.stoppedServices()).isEmpty();
        // Deletes are batched, so the last acknowledgements may take a moment to land.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (InstalledQueue queue : infra.queues()) {
                assertThat(messagesIn(queue.url())).as(queue.name()).isZero();
                assertThat(messagesIn(queue.dlqUrl())).as(queue.dlqName()).isZero();
            }
        });
    }

    @Test
    void leavesNoSandboxProcessBeyondThePools() {
        long pools = Stream.of(OrchestratorApplication.NAME, LargeDocWorkerApplication.NAME, SmallDocWorkerApplication.NAME,
                        ImageConverterApplication.NAME)
                .mapToLong(name -> sandbox(name).processes())
                .sum();
        long sandboxes = ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(args -> List.of(args).toString().contains("SandboxWorker")).orElse(false))
                .count();
        // Killed processes were reaped and replaced, not left behind.
        assertThat(sandboxes).isLessThanOrEqualTo(pools);
    }

    /** The bound the stage's sandbox enforces for the task it ran, plus the listener's own work. */
    private static Duration boundOf(Hold hold) {
        Duration bound = switch (hold.stage()) {
            case "CLASSIFICATION" -> sandbox(OrchestratorApplication.NAME).inspectTimeout();
            case "LARGE_SPLIT" -> splitBound(sandbox(LargeDocWorkerApplication.NAME), hold.pageCount());
            // A small split handles one chunk, or a whole SMALL document: at most 10 pages.
            case "SMALL_SPLIT" -> splitBound(sandbox(SmallDocWorkerApplication.NAME), Math.min(hold.pageCount(), 10));
            case "CONVERSION" -> sandbox(ImageConverterApplication.NAME).renderTimeout();
            case "INFERENCE" -> services.context(InferenceDispatcherApplication.NAME).getEnvironment()
                    .getProperty("docpipe.inference.call-timeout", Duration.class, Duration.ofSeconds(60));
            // Ingestion and the failsafe worker open no document.
            default -> Duration.ZERO;
        };
        return bound.plus(MARGIN);
    }

    private static Duration splitBound(SandboxProperties sandbox, int pages) {
        return sandbox.splitTimeout().plus(sandbox.splitTimePerPage().multipliedBy(pages));
    }

    private static SandboxProperties sandbox(String service) {
        return services.context(service).getBean(SandboxProperties.class);
    }

    /** The corpus beside the repository; the tests run in {@code local-runner/}, the build may run from the root. */
    private static Path corpusFolder() {
        return Stream.of(Path.of("../../shared/corpus"), Path.of("../shared/corpus"))
                .filter(Files::isDirectory)
                .findFirst()
                .orElse(null);
    }

    private static int upload(Path corpus) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(corpus)) {
            // The corpus's README describes it; it is not one of its files.
            paths = walk.filter(Files::isRegularFile).filter(p -> !p.equals(corpus.resolve("README.md"))).sorted().toList();
        }
        for (Path path : paths) {
            String key = PREFIX + corpus.relativize(path).toString().replace('\\', '/');
            infra.s3Client().putObject(b -> b.bucket(infra.endpoints().inputBucket()).key(key), RequestBody.fromFile(path));
        }
        return paths.size();
    }

    private static long messagesIn(String queueUrl) {
        Map<QueueAttributeName, String> attributes = infra.sqsClient().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return attributes.values().stream().mapToLong(Long::parseLong).sum();
    }

    private static long count(String sql) {
        return jdbc.sql(sql).param("b", UUID.fromString(batch.path("id").asString())).query(Long.class).single();
    }
}
