package dev.docpipe.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.testing.TestQueues;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Quotas never fail a document: a storm of throttling answers, then a run of server errors, and
 * every document still completes. The numbers go to standard output for the record.
 */
class ThrottlingStormTest extends DispatcherIntegrationTest {

    private static final int DOCUMENTS = 8;

    @Test
    void completesEveryDocumentThroughAStormOfThrottlingWithoutUsingUpReceives() {
        // The SDK's adaptive mode slows the client to about one call in two seconds while every
        // answer is a throttle, so the storm's length sets this test's duration.
        int storm = 30;
        AtomicInteger throttled = new AtomicInteger();
        MODEL.script(r -> {
            if (r.number() <= storm) {
                throttled.incrementAndGet();
                return ScriptedModelServer.sageMakerThrottling();
            }
            return ScriptedModelServer.ok(ScriptedModelServer.OCR_ANSWER);
        });
        List<UUID> documents = ConvertedPages.send(infra, "docpipe-ocr", null, DOCUMENTS, PNG);

        Map<String, Long> outcomes = awaitTerminal(documents, Duration.ofSeconds(180));
        // Audit rows are written in the background. A re-queued copy carries its throttle count.
        await().atMost(Duration.ofSeconds(10)).until(() -> auditRows(documents, "SUCCEEDED", "%after % throttles%") > 0);

        long requeues = auditRows(documents, "REQUEUED", "%re-queued%");
        long retries = auditRows(documents, "RETRYING", "%");
        System.out.printf("throttling storm: documents=%d requests=%d throttled=%d re-queued=%d listener-retries=%d outcomes=%s%n",
                DOCUMENTS, MODEL.requests(), throttled.get(), requeues, retries, outcomes);
        assertThat(outcomes).isEqualTo(Map.of("COMPLETED", (long) DOCUMENTS));
        assertThat(throttled.get()).isEqualTo(storm);
        assertThat(requeues).isPositive();
        // Throttles are re-queued as new messages, so none of them costs a receive.
        assertThat(retries).isZero();
        assertThat(messagesInDeadLetterQueue()).isZero();
    }

    @Test
    void completesEveryDocumentAfterARunOfServerErrors() {
        int failing = 20;
        AtomicInteger errors = new AtomicInteger();
        MODEL.script(r -> {
            if (r.number() <= failing) {
                errors.incrementAndGet();
                return ScriptedModelServer.serverError();
            }
            return ScriptedModelServer.ok(ScriptedModelServer.OCR_ANSWER);
        });
        List<UUID> documents = ConvertedPages.send(infra, "docpipe-ocr", null, DOCUMENTS, PNG);

        Map<String, Long> outcomes = awaitTerminal(documents, Duration.ofSeconds(150));
        // Audit rows are written in the background; the retries must show there.
        await().atMost(Duration.ofSeconds(10)).until(() -> auditRows(documents, "RETRYING", "%") > 0);

        System.out.printf("server errors: documents=%d requests=%d 5xx=%d listener-retries=%d outcomes=%s%n",
                DOCUMENTS, MODEL.requests(), errors.get(), auditRows(documents, "RETRYING", "%"), outcomes);
        assertThat(outcomes).isEqualTo(Map.of("COMPLETED", (long) DOCUMENTS));
        assertThat(errors.get()).isEqualTo(failing);
    }

    private long messagesInDeadLetterQueue() {
        return new TestQueues(infra).attribute("docpipe-page-converted-dlq", QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }
}
