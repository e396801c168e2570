package dev.docpipe.orchestrator.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.ProcessingOptions;
import dev.docpipe.contracts.SplitChunk;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestDocuments;
import dev.docpipe.testing.TestInfrastructure;
import dev.docpipe.testing.TestQueues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The orchestrator against hostile documents, on real SQS, S3 and PostgreSQL with real sandbox
 * processes: a document that makes the parser loop forever, and one that exhausts the sandbox's
 * heap, each end FAILED at once with TIMEOUT or OUT_OF_MEMORY; the sandbox process that held it is
 * gone; and the same service classifies the next document normally, in a new process.
 */
@PipelineInfrastructure
@SpringBootTest(properties = {
    "spring.config.name=chunking-orchestrator",
    // Stopping the listener waits for its long poll; a short one lets the context stop at once.
    "spring.cloud.aws.sqs.listener.poll-timeout=1s",
    // Marker files hang or exhaust memory (see pipeline-core's DocumentOperations).
    "docpipe.sandbox.test-hooks=true",
    "docpipe.sandbox.inspect-timeout=3s",
    "docpipe.sandbox.heap=64MB",
    // One process: the next document can only be classified once the hostile one's process is replaced.
    "docpipe.sandbox.processes=1"
})
class HostileDocumentRoutingTest {

    private static final String HANG_MARKER = "%DOCPIPE-TEST-HANG";
    private static final String OOM_MARKER = "%DOCPIPE-TEST-OOM";
    /** How a sandbox process of this context starts; the heap tells it from those of other contexts in this JVM. */
    private static final String SANDBOX_OPTIONS = " -Xmx64m -XX:+ExitOnOutOfMemoryError ";
    private static final ProcessingOptions OPTIONS = new ProcessingOptions(150, "docpipe-ocr");

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final RoutingFixture routing = new RoutingFixture(infra);
    private final TestQueues queues = new TestQueues(infra);
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());
    private final String bucket = routing.bucket();
    private final UUID batchId = routing.batchId();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.shared().registerSpringProperties(registry::add);
    }

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
        routing.runningBatch("hostile/", 2);
    }

    @Test
    void aParseThatNeverEndsFailsWithTimeoutAndTheWorkerGoesOn() {
        failsThenClassifiesTheNextDocument(HANG_MARKER, FailureReason.TIMEOUT);
    }

    @Test
    void aDocumentThatExhaustsMemoryFailsWithOutOfMemoryAndTheWorkerGoesOn() {
        failsThenClassifiesTheNextDocument(OOM_MARKER, FailureReason.OUT_OF_MEMORY);
    }

    private void failsThenClassifiesTheNextDocument(String marker, FailureReason reason) {
        // The one warm process that will take the hostile document. Replacements start in the
        // background, so wait for the pool's steady state: exactly its one process.
        Set<Long> before = await().atMost(Duration.ofSeconds(60)).during(Duration.ofSeconds(2))
                .until(HostileDocumentRoutingTest::sandboxProcesses, p -> p.size() == 1);

        UUID hostile = routing.ingest("hostile/bad.pdf", (marker + "\n").getBytes(StandardCharsets.US_ASCII), 0);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> queues.attribute(RoutingFixture.INGEST, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) == 1);
        // Sent once the hostile document is taken, and delayed, so that it waits for the one process.
        UUID normal = routing.ingest("hostile/three.pdf", TestDocuments.pdf(3), 1);

        assertFailedAtOnce(hostile, reason);
        assertThat(before).as("the sandbox process that held the hostile document is killed")
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql(
                        "SELECT concat_ws(' ', status, doc_class, page_count, source_kind) FROM document WHERE id = :id")
                .param("id", normal)
                .query(String.class)
                .single()).isEqualTo("CLASSIFIED SMALL 3 PDF"));
        // The only routing message of the two documents: none for the hostile one.
        assertThat(routing.receiveOne("docpipe-chunk-small", SplitChunk.class))
                .isEqualTo(new SplitChunk(batchId, normal, bucket, "hostile/three.pdf", 1, 3, OPTIONS));
        assertThat(queues.messagesIn("docpipe-page-single") + queues.messagesIn("docpipe-chunk-large")).isZero();
        assertThat(sandboxProcesses()).as("a new sandbox process classified the next document")
                .isNotEmpty()
                .doesNotContainAnyElementsOf(before);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(routing.audit(normal, "SUCCEEDED")).isEqualTo(1));
        // Both ingest messages deleted (acknowledgements are batched, so it takes up to a second).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(queues.messagesIn(RoutingFixture.INGEST)).isZero());
    }

    /** FAILED with the reason in the classification stage, after one attempt and no retry. */
    private void assertFailedAtOnce(UUID document, FailureReason reason) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(routing.audit(document, "FAILED")).isEqualTo(1));
        Map<String, Object> row = jdbc.sql("SELECT status, failure_reason, failure_stage FROM document WHERE id = :id")
                .param("id", document)
                .query()
                .singleRow();
        assertThat(row).containsEntry("status", "FAILED")
                .containsEntry("failure_reason", reason.name())
                .containsEntry("failure_stage", "CLASSIFICATION");
        assertThat(routing.audit(document, "RETRYING")).isZero();
        assertThat(jdbc.sql("SELECT attempt FROM audit_event WHERE document_id = :id").param("id", document).query(Integer.class).list())
                .containsExactly(1);
    }

    /**
     * The live sandbox processes of this context: children of this JVM with its heap cap. Linux
     * shows only the first 4 KB of a command line (the classpath ends it), so the match is on the
     * options that open it.
     */
    private static Set<Long> sandboxProcesses() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().filter(line -> line.contains(SANDBOX_OPTIONS)).isPresent())
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }
}
