package dev.docpipe.converter.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.PipelineRows;
import dev.docpipe.testing.TestDocuments;
import dev.docpipe.testing.TestInfrastructure;
import dev.docpipe.testing.TestQueues;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * With flagged pages kept from the model: a blurred scan is quarantined, never uploaded where
 * inference would pick it up, and its page ends QUARANTINED, counted done, so its document
 * completes.
 */
@PipelineInfrastructure
@SpringBootTest(properties = {
    "spring.config.name=image-converter",
    "spring.cloud.aws.sqs.listener.poll-timeout=1s",
    "docpipe.page-image.infer-flagged-pages=false"
})
class WithheldFlaggedPageTest {

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final TestQueues queues = new TestQueues(infra);
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());
    private final String inputBucket = infra.endpoints().inputBucket();
    private final String workBucket = infra.endpoints().workBucket();
    private final UUID batchId = UUID.randomUUID();
    private final UUID documentId = UUID.randomUUID();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.shared().registerSpringProperties(registry::add);
    }

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
    }

    @Test
    void keepsABlurredScanFromTheModelAndCompletesItsDocument() {
        byte[] blurred = TestDocuments.textImage("jpeg", 1275, 1650, 9);
        infra.s3Client().putObject(b -> b.bucket(inputBucket).key("withheld/blurred.jpg"), RequestBody.fromBytes(blurred));
        PipelineRows rows = new PipelineRows(infra);
        rows.runningBatch(batchId, inputBucket, "withheld/", 1);
        rows.classifiedDocument(batchId, documentId, inputBucket, "withheld/blurred.jpg", blurred.length, "IMAGE", "SINGLE", 1);

        infra.sqsClient().sendMessage(b -> b.queueUrl(queues.url("docpipe-page-single")).messageBody("""
                {"batchId":"%s","documentId":"%s","pageNumber":1,"bucket":"%s","key":"withheld/blurred.jpg","kind":"IMAGE",
                 "options":{"dpi":150,"model":"docpipe-ocr"}}""".formatted(batchId, documentId, inputBucket)));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql(
                        "SELECT concat_ws(' ', status, quality, quarantine_key, image_key) FROM page WHERE document_id = :id")
                .param("id", documentId).query(String.class).optional())
                .contains("QUARANTINED BLURRED quarantine/%1$s/1.png quarantine/%1$s/1.png".formatted(documentId)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.sql(
                        "SELECT concat_ws(' ', status, pages_done) FROM document WHERE id = :id")
                .param("id", documentId).query(String.class).single()).isEqualTo("COMPLETED 1"));
        assertThat(infra.s3Client().listObjectsV2(b -> b.bucket(workBucket).prefix("pages/")).contents()).isEmpty();
        assertThat(infra.s3Client().listObjectsV2(b -> b.bucket(workBucket).prefix("quarantine/")).contents()).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(queues.messagesIn("docpipe-page-single")).isZero());
        assertThat(queues.messagesIn("docpipe-page-converted")).isZero();
    }
}
