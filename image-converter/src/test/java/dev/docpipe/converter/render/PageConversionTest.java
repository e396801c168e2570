package dev.docpipe.converter.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.PageRef;
import dev.docpipe.contracts.S3EventNotification;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.PipelineRows;
import dev.docpipe.testing.TestDocuments;
import dev.docpipe.testing.TestInfrastructure;
import dev.docpipe.testing.TestQueues;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The converter as it runs: a ConvertPage on the real page-single queue, the source in the real
 * bucket; the page image, the page row and the converted-page notification are read back.
 */
@PipelineInfrastructure
@SpringBootTest(properties = {
    "spring.config.name=image-converter",
    // Stopping the listener waits for its long poll; a short one lets the context stop at once.
    "spring.cloud.aws.sqs.listener.poll-timeout=1s"
})
class PageConversionTest {

    private static final String PAGE_SINGLE = "docpipe-page-single";
    private static final String PAGE_CONVERTED = "docpipe-page-converted";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final SqsClient sqs = infra.sqsClient();
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
    void rendersASinglePagePdfToAPngAndAnnouncesItLikeS3Would() throws IOException {
        classifiedDocument("convert/letter.pdf", "PDF", TestDocuments.pdf(1));

        convert("convert/letter.pdf", "PDF");

        String imageKey = "pages/%s/1.png".formatted(documentId);
        // The row is written before the upload (whoever sees the image finds the row), so the image
        // is only certain to exist once the stage's outcome is recorded.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(conversionAudit()).containsExactly("SUCCEEDED"));
        assertThat(pageRow()).isEqualTo(Map.of("status", "CONVERTED", "image_key", imageKey, "width_px", 1275, "height_px", 1650));
        // What the model sees, traceable: key layout, resolution and colour mode; the gate passed it.
        assertThat(renderingRow()).isEqualTo(Map.of("key_layout", "pages/{document}/{page}.png", "render_dpi", 150,
                "colour_mode", "GREY", "quality", "CLEAN"));
        assertThat(quarantineKey()).isEmpty();
        ResponseBytes<GetObjectResponse> object = infra.s3Client().getObjectAsBytes(b -> b.bucket(workBucket).key(imageKey));
        assertThat(object.response().contentType()).isEqualTo("image/png");
        byte[] png = object.asByteArray();
        assertThat(Arrays.copyOf(png, 8)).isEqualTo(TestDocuments.PNG_SIGNATURE);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(1275);
        assertThat(image.getHeight()).isEqualTo(1650);
        assertThat(image.getColorModel().getNumComponents()).as("a grey PNG").isEqualTo(1);

        JsonNode notification = JSON.readTree(queues.receiveOne(PAGE_CONVERTED).body());
        JsonNode record = notification.path("Records").path(0);
        assertThat(record.path("eventName").asString()).startsWith("ObjectCreated:");
        assertThat(record.path("s3").path("bucket").path("name").asString()).isEqualTo(workBucket);
        assertThat(record.path("s3").path("object").path("key").asString()).isEqualTo(imageKey);
        assertThat(record.path("s3").path("object").path("size").asLong()).isEqualTo(png.length);
        assertThat(JSON.treeToValue(notification, S3EventNotification.class).page())
                .isEqualTo(new PageRef(workBucket, imageKey, documentId, 1));
        assertThat(ObjectKeys.pageImage(documentId, 1)).isEqualTo(imageKey);

        awaitAcknowledged();
    }

    @Test
    void quarantinesABlankPageWithItsReasonAndStillSendsItToTheModelByDefault() {
        classifiedDocument("convert/blank.pdf", "PDF", TestDocuments.blankPdf());

        convert("convert/blank.pdf", "PDF", 1);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(conversionAudit()).containsExactly("SUCCEEDED"));
        String quarantined = "quarantine/%s/1.png".formatted(documentId);
        assertThat(quarantineKey()).isEqualTo(quarantined);
        assertThat(renderingRow()).containsEntry("quality", "BLANK");
        assertThat(pageRow()).containsEntry("status", "CONVERTED");
        assertThat(auditDetail()).contains("quarantined copy, inferred anyway: BLANK");
        assertThat(infra.s3Client().getObjectAsBytes(b -> b.bucket(workBucket).key(quarantined)).asByteArray()).startsWith(TestDocuments.PNG_SIGNATURE);
        assertThat(infra.s3Client().getObjectAsBytes(b -> b.bucket(workBucket).key("pages/%s/1.png".formatted(documentId))).asByteArray())
                .startsWith(TestDocuments.PNG_SIGNATURE);
        assertThat(queues.receiveOne(PAGE_CONVERTED).body()).contains("pages/%s/1.png".formatted(documentId));
        awaitAcknowledged();
    }

    @Test
    void quarantinesAHeavilyBlurredScanWithItsReason() {
        classifiedDocument("convert/blurred.png", "IMAGE", TestDocuments.textImage("png", 1275, 1650, 9));

        convert("convert/blurred.png", "IMAGE", 1);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(conversionAudit()).containsExactly("SUCCEEDED"));
        assertThat(quarantineKey()).isEqualTo("quarantine/%s/1.png".formatted(documentId));
        assertThat(renderingRow()).containsEntry("quality", "BLURRED").containsEntry("render_dpi", 0);
        assertThat(jdbc.sql("SELECT quality_detail FROM page WHERE document_id = :id").param("id", documentId).query(String.class).single())
                .startsWith("BLURRED (").contains("sharpness");
        awaitAcknowledged();
    }

    @Test
    void convertsTheSecondPageOfAMultiPageTiffFromItsImage() throws IOException {
        classifiedDocument("convert/scan.tiff", "IMAGE", TestDocuments.multiPageTiff(3, 300, 200));

        convert("convert/scan.tiff", "IMAGE", 2);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(conversionAudit()).containsExactly("SUCCEEDED"));
        byte[] png = infra.s3Client().getObjectAsBytes(b -> b.bucket(workBucket).key("pages/%s/2.png".formatted(documentId))).asByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        // The second image is filled with grey level 80; the first holds 40, the third 120.
        assertThat(image.getRaster().getSample(150, 100, 0)).isBetween(78, 82);
        awaitAcknowledged();
    }

    @Test
    void endsAnUndecodableImageFailedWithoutRetry() {
        classifiedDocument("convert/scan.png", "IMAGE", TestDocuments.garbageWithPngSignature());

        convert("convert/scan.png", "IMAGE");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(conversionAudit()).containsExactly("FAILED"));
        assertThat(jdbc.sql("SELECT concat_ws(' ', status, failure_reason, failure_stage) FROM document WHERE id = :id")
                .param("id", documentId).query(String.class).single())
                .isEqualTo("FAILED UNSUPPORTED_IMAGE CONVERSION");
        assertThat(pageRow()).isNull();
        assertThat(infra.s3Client().listObjectsV2(b -> b.bucket(workBucket).prefix("pages/")).contents()).isEmpty();
        awaitAcknowledged();
        assertThat(queues.messagesIn(PAGE_CONVERTED)).isZero();
    }

    /** A document the orchestrator has classified SINGLE, its source in the input bucket. */
    private void classifiedDocument(String key, String kind, byte[] content) {
        infra.s3Client().putObject(b -> b.bucket(inputBucket).key(key), RequestBody.fromBytes(content));
        PipelineRows rows = new PipelineRows(infra);
        rows.runningBatch(batchId, inputBucket, "convert/", 1);
        rows.classifiedDocument(batchId, documentId, inputBucket, key, content.length, kind, "SINGLE", 1);
    }

    private void convert(String key, String kind) {
        convert(key, kind, 1);
    }

    private void convert(String key, String kind, int page) {
        String body = """
                {"batchId":"%s","documentId":"%s","pageNumber":%d,"bucket":"%s","key":"%s","kind":"%s",
                 "options":{"dpi":150,"model":"docpipe-ocr"}}""".formatted(batchId, documentId, page, inputBucket, key, kind);
        sqs.sendMessage(b -> b.queueUrl(queues.url(PAGE_SINGLE)).messageBody(body));
    }

    private Map<String, Object> pageRow() {
        return jdbc.sql("SELECT status, image_key, width_px, height_px FROM page WHERE document_id = :id AND page_number = 1")
                .param("id", documentId)
                .query()
                .listOfRows()
                .stream()
                .findFirst()
                .orElse(null);
    }

    private Map<String, Object> renderingRow() {
        return jdbc.sql("SELECT key_layout, render_dpi, colour_mode, quality FROM page WHERE document_id = :id")
                .param("id", documentId)
                .query()
                .singleRow();
    }

    private String quarantineKey() {
        return jdbc.sql("SELECT coalesce(quarantine_key, '') FROM page WHERE document_id = :id").param("id", documentId).query(String.class).single();
    }

    private String auditDetail() {
        return jdbc.sql("SELECT detail FROM audit_event WHERE document_id = :id AND stage = 'CONVERSION'")
                .param("id", documentId)
                .query(String.class)
                .single();
    }

    private List<String> conversionAudit() {
        return jdbc.sql("SELECT outcome FROM audit_event WHERE document_id = :id AND stage = 'CONVERSION' ORDER BY id")
                .param("id", documentId)
                .query(String.class)
                .list();
    }

    /** Deleted, not merely invisible while it backs off (acknowledgements are batched for up to a second). */
    private void awaitAcknowledged() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(queues.messagesIn(PAGE_SINGLE)).isZero());
    }
}
