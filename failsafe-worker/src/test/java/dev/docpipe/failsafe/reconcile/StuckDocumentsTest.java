package dev.docpipe.failsafe.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.PipelineRows;
import dev.docpipe.testing.TestInfrastructure;
import dev.docpipe.testing.TestQueues;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reconciliation finds documents whose messages were lost and sends each the message of the
 * stage it stands in; documents that are moving, or terminal, are left alone, and nothing is
 * re-driven while a queue still holds work.
 */
@PipelineInfrastructure
@SpringBootTest(properties = {
    "spring.config.name=failsafe-worker",
    "spring.cloud.aws.sqs.listener.poll-timeout=1s",
    "docpipe.failsafe.reconcile-interval=1s",
    "docpipe.failsafe.stuck-after=1h"
})
class StuckDocumentsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final TestQueues queues = new TestQueues(infra);
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());
    private final PipelineRows rows = new PipelineRows(infra);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.shared().registerSpringProperties(registry::add);
    }

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
    }

    @Test
    void sendsEachStuckDocumentTheMessageOfItsStageOnce() throws InterruptedException {
        UUID batch = UUID.randomUUID();
        UUID pending = UUID.randomUUID();
        UUID single = UUID.randomUUID();
        UUID small = UUID.randomUUID();
        UUID completed = UUID.randomUUID();
        UUID moving = UUID.randomUUID();
        rows.runningBatch(batch, "docpipe-input", "in/", 5);
        rows.pendingDocument(batch, pending, "docpipe-input", "in/pending.pdf", 10);
        rows.classifiedDocument(batch, single, "docpipe-input", "in/single.pdf", 10, "PDF", "SINGLE", 1);
        rows.classifiedDocument(batch, small, "docpipe-input", "in/small.pdf", 10, "PDF", "SMALL", 2);
        rows.classifiedDocument(batch, completed, "docpipe-input", "in/done.pdf", 10, "PDF", "SINGLE", 1);
        rows.pendingDocument(batch, moving, "docpipe-input", "in/moving.pdf", 10);
        for (int page = 1; page <= 2; page++) {
            jdbc.sql("INSERT INTO page (document_id, page_number, status, image_key) VALUES (:id, :page, 'CONVERTED', :key)")
                    .param("id", small).param("page", page).param("key", "pages/%s/%d.png".formatted(small, page)).update();
        }
        jdbc.sql("UPDATE document SET status = 'COMPLETED', pages_done = 1 WHERE id = :id").param("id", completed).update();

        // One statement: the reconciler sees all four stale documents in the same round.
        jdbc.sql("UPDATE document SET updated_at = now() - interval '2 hours' WHERE id IN (:ids)")
                .param("ids", List.of(pending, single, small, completed)).update();

        await().atMost(Duration.ofSeconds(15)).until(() -> queues.messagesIn("docpipe-page-converted") == 2);
        JsonNode ingested = JSON.readTree(queues.receiveOne("docpipe-ingest").body());
        assertThat(ingested.path("documentId").asString()).isEqualTo(pending.toString());
        JsonNode convert = JSON.readTree(queues.receiveOne("docpipe-page-single").body());
        assertThat(convert.path("documentId").asString()).isEqualTo(single.toString());
        assertThat(convert.path("kind").asString()).isEqualTo("PDF");
        List<Message> converted = infra.sqsClient().receiveMessage(b -> b.queueUrl(queues.url("docpipe-page-converted"))
                .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertThat(converted.stream().map(m -> JSON.readTree(m.body()).path("Records").path(0).path("s3").path("object")
                .path("key").asString()).sorted().toList())
                .containsExactly("pages/%s/1.png".formatted(small), "pages/%s/2.png".formatted(small));
        assertThat(queues.messagesIn("docpipe-chunk-small")).as("the small document's pages exist: no new split").isZero();

        Thread.sleep(3000);
        assertThat(queues.messagesIn("docpipe-ingest")).as("re-driven once: the queues hold work, nothing more is sent").isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(jdbc.sql("""
                        SELECT document_id FROM audit_event WHERE stage = 'FAILSAFE' AND outcome = 'REQUEUED'
                           AND detail LIKE 'reconciliation:%'""").query(UUID.class).list())
                .containsExactlyInAnyOrder(pending, single, small));
    }
}
