package dev.docpipe.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.core.audit.AuditRecorder;
import dev.docpipe.core.testapp.ListenerTestApplication;
import dev.docpipe.core.testapp.PipelineFixtures;
import dev.docpipe.core.testapp.ScriptedWork;
import dev.docpipe.core.testapp.ScriptedWork.Step;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The listener conventions every service inherits, against a real SQS API: a failure never
 * deletes its message, a rejected document ends FAILED at once without retries, and a message
 * that always fails reaches its dead-letter queue after maxReceiveCount deliveries.
 */
@PipelineInfrastructure
@SpringBootTest(classes = ListenerTestApplication.class, properties = {
    "docpipe.service.name=listener-test",
    "docpipe.service.stage=CONVERSION",
    "docpipe.storage.work-bucket=docpipe-work",
    "docpipe.listener.backoff-initial=1s",
    "docpipe.listener.backoff-multiplier=1.0",
    "spring.flyway.enabled=false"
})
class ListenerConventionsTest {

    @Autowired
    ScriptedWork work;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditRecorder audit;

    private final TestInfrastructure infra = TestInfrastructure.shared();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        PipelineFixtures.registerInfrastructure(registry::add);
    }

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
    }

    @Test
    void aFailingListenerNeverDeletesItsMessage() {
        UUID[] ids = PipelineFixtures.batchWithDocuments(1, 1);
        work.script(ids[1], Step.FAIL, Step.FAIL, Step.SUCCEED);

        send("docpipe-page-single", ids);

        // Had the failure deleted the message, there would be no second or third delivery.
        await().atMost(Duration.ofSeconds(30)).until(() -> work.deliveries(ids[1]).size() == 3);
        assertThat(work.deliveries(ids[1])).containsExactly(1, 2, 3);
        sleep(Duration.ofSeconds(3));
        assertThat(work.deliveries(ids[1])).as("deleted once it succeeded").hasSize(3);
        audit.flush(Duration.ofSeconds(5));
        assertThat(outcomes(ids[1])).containsExactly("RETRYING@1", "RETRYING@2", "SUCCEEDED@3");
    }

    @Test
    void aRejectedDocumentEndsFailedAtOnceWithoutARetry() {
        UUID[] ids = PipelineFixtures.batchWithDocuments(1, 1);
        work.script(ids[1], Step.REJECT);

        send("docpipe-page-single", ids);

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(status(ids[1])));
        assertThat(jdbc.sql("SELECT failure_reason || '/' || failure_stage FROM document WHERE id = :id").param("id", ids[1])
                .query(String.class).single()).isEqualTo("CORRUPT/CONVERSION");
        sleep(Duration.ofSeconds(3));
        assertThat(work.deliveries(ids[1])).as("no redelivery of a rejected document").containsExactly(1);
        assertThat(jdbc.sql("SELECT status || ' ' || failed_count FROM batch WHERE id = :id").param("id", ids[0])
                .query(String.class).single()).isEqualTo("COMPLETED 1");
        audit.flush(Duration.ofSeconds(5));
        assertThat(outcomes(ids[1])).containsExactly("FAILED@1");
    }

    @Test
    void aMessageThatAlwaysFailsMovesToTheDeadLetterQueueAfterMaxReceiveCount() {
        UUID[] ids = PipelineFixtures.batchWithDocuments(1, 1);
        work.script(ids[1], Step.ALWAYS_FAIL);

        send("docpipe-page-single", ids);

        String dlq = infra.sqsClient().getQueueUrl(b -> b.queueName("docpipe-page-single-dlq")).queueUrl();
        List<Message> deadLetters = await().atMost(Duration.ofSeconds(60)).until(
                () -> infra.sqsClient().receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1)).messages(), m -> !m.isEmpty());
        assertThat(deadLetters.getFirst().body()).contains(ids[1].toString());
        assertThat(work.deliveries(ids[1])).containsExactly(1, 2, 3, 4, 5);
        assertThat(status(ids[1])).as("a transient fault never fails a document by itself").isEqualTo("CLASSIFIED");
    }

    @Test
    void theHeartbeatKeepsWorkLongerThanTheVisibilityTimeoutInvisible() {
        UUID[] ids = PipelineFixtures.batchWithDocuments(1, 1);
        work.script(ids[1], Step.SLOW);

        send(PipelineFixtures.SLOW_QUEUE, ids);

        // The queue's timeout is 2 s and the work takes 6 s: only the heartbeat keeps it from a second delivery.
        await().atMost(Duration.ofSeconds(20)).until(() -> !work.deliveries(ids[1]).isEmpty());
        sleep(ScriptedWork.SLOW.plusSeconds(3));
        assertThat(work.deliveries(ids[1])).containsExactly(1);
    }

    private void send(String queue, UUID[] ids) {
        String url = infra.sqsClient().getQueueUrl(b -> b.queueName(queue)).queueUrl();
        infra.sqsClient().sendMessage(b -> b.queueUrl(url).messageBody(PipelineFixtures.convertPageJson(ids[0], ids[1])));
    }

    private String status(UUID document) {
        return jdbc.sql("SELECT status FROM document WHERE id = :id").param("id", document).query(String.class).single();
    }

    private List<String> outcomes(UUID document) {
        return jdbc.sql("SELECT outcome || '@' || attempt FROM audit_event WHERE document_id = :id ORDER BY id")
                .param("id", document).query(String.class).list();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
