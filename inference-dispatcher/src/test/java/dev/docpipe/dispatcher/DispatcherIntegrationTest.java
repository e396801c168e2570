package dev.docpipe.dispatcher;

import static org.awaitility.Awaitility.await;

import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dispatcher as it runs, on the real page-converted queue, PostgreSQL and S3, with a
 * {@link ScriptedModelServer} as both its SageMaker runtime and its HTTPS endpoint. Every subclass
 * shares one application context (same configuration) and the one scripted server.
 */
@PipelineInfrastructure
@SpringBootTest(properties = {
    "spring.config.name=inference-dispatcher",
    "spring.cloud.aws.sqs.listener.poll-timeout=1s",
    "docpipe.listener.backoff-initial=1s",
    "docpipe.inference.throttle-requeue.initial-delay=1s",
    "docpipe.inference.throttle-requeue.max-delay=2s",
    "docpipe.inference.quotas.sagemaker.requests-per-second=50",
    "docpipe.inference.https.auth-header-value=test-api-key",
    "docpipe.features.models.docpipe-ocr.keywords=invoice,refund"
})
abstract class DispatcherIntegrationTest {

    static final ScriptedModelServer MODEL = new ScriptedModelServer();
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};

    final TestInfrastructure infra = TestInfrastructure.shared();
    final JdbcClient jdbc = JdbcClient.create(infra.dataSource());

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.shared().registerSpringProperties(registry::add);
        registry.add("docpipe.inference.sagemaker-endpoint", MODEL::url);
        registry.add("docpipe.inference.https.url", () -> MODEL.url() + "/predict/{model}");
    }

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
        MODEL.script(r -> ScriptedModelServer.ok(ScriptedModelServer.OCR_ANSWER));
    }

    /** Waits until every document is terminal; returns status (and reason) per document. */
    Map<String, Long> awaitTerminal(List<UUID> documents, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> jdbc.sql(
                        "SELECT count(*) FROM document WHERE id IN (:ids) AND status IN ('COMPLETED', 'FAILED')")
                .param("ids", documents).query(Long.class).single() == documents.size());
        return outcomes(documents);
    }

    Map<String, Long> outcomes(List<UUID> documents) {
        return jdbc.sql("SELECT concat_ws(' ', status, failure_reason) AS outcome, count(*) AS n FROM document"
                        + " WHERE id IN (:ids) GROUP BY 1")
                .param("ids", documents)
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    long auditRows(List<UUID> documents, String outcome, String detailLike) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE document_id IN (:ids) AND stage = 'INFERENCE'"
                        + " AND outcome = :outcome AND detail LIKE :like")
                .param("ids", documents).param("outcome", outcome).param("like", detailLike)
                .query(Long.class).single();
    }
}
