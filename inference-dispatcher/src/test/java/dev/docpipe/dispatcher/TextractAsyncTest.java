package dev.docpipe.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.S3EventNotification;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import dev.docpipe.testing.TestQueues;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asynchronous Textract end to end: the dispatcher starts a job on the local model endpoint,
 * the endpoint announces its completion through the real notification queue in SNS's envelope,
 * and the dispatcher reads the result in pages of four blocks by NextToken. A notification that
 * never comes, and a job Textract no longer knows, are recovered by the poller.
 */
@PipelineInfrastructure
@SpringBootTest(properties = {
    "spring.config.name=inference-dispatcher",
    "spring.cloud.aws.sqs.listener.poll-timeout=1s",
    "docpipe.listener.backoff-initial=1s",
    "docpipe.inference.textract.async.sns-topic-arn=arn:aws:sns:us-east-1:000000000000:docpipe-textract-completed",
    "docpipe.inference.textract.async.role-arn=arn:aws:iam::000000000000:role/textract-publishes",
    "docpipe.inference.textract.async.max-results=4",
    "docpipe.inference.jobs.poll-interval=1s",
    "docpipe.inference.jobs.repoll-interval=1s",
    "docpipe.features.models.docpipe-ocr.keywords=invoice,refund"
})
class TextractAsyncTest {

    private static final String NOTIFICATIONS = "docpipe-textract-completed";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());

    @Autowired
    MessageListenerContainerRegistry listeners;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.shared().registerSpringProperties(registry::add);
        registry.add("docpipe.inference.textract.endpoint", LocalModelEndpoint::url);
    }

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
    }

    @AfterEach
    void notificationsOn() {
        var container = listeners.getContainerById("textract-completed");
        if (!container.isRunning()) {
            container.start();
        }
    }

    @Test
    void collectsAJobWhenItsNotificationArrivesReadingEveryPageOfBlocks() throws IOException {
        UUID document = ConvertedPages.send(infra, "docpipe-ocr", "textract-async", 1, page()).getFirst();
        redeliver(document);

        awaitCompleted(document);

        assertThat(jdbc.sql("SELECT count(*) FROM inference_result WHERE document_id = :id").param("id", document)
                .query(Long.class).single()).as("a redelivered page starts no second result").isOne();
        Map<String, Object> job = job(document);
        assertThat(job).containsEntry("status", "SUCCEEDED").containsEntry("completed_by", "notification")
                .containsEntry("generation", 0).containsEntry("object_key", "pages/%s/1.png".formatted(document));
        assertThat(job.get("notified_at")).isNotNull();
        JsonNode raw = rawOutput(document);
        int blocks = raw.path("Blocks").size();
        assertThat(blocks).as("more blocks than one page of results holds").isGreaterThan(8);
        Set<String> ids = new HashSet<>();
        raw.path("Blocks").forEach(b -> ids.add(b.path("Id").asString()));
        assertThat(ids).as("every block once").hasSize(blocks);
        raw.path("Blocks").forEach(b -> b.path("Relationships").forEach(r -> r.path("Ids").forEach(id ->
                assertThat(ids).as("every child of every block was read").contains(id.asString()))));
        assertThat(features(document).path("keywords").path("invoice").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(auditDetails(document))
                .anySatisfy(d -> assertThat(d).contains("job " + job.get("job_id") + " started"))
                .anySatisfy(d -> assertThat(d).contains("collected by notification")));
    }

    @Test
    void pollsAJobWhoseNotificationWasLost() throws IOException {
        listeners.getContainerById("textract-completed").stop();
        UUID document = ConvertedPages.send(infra, "docpipe-ocr", "textract-async", 1, page()).getFirst();
        await().atMost(Duration.ofSeconds(20)).until(() -> job(document) != null);
        loseTheNotification();
        // A job older than the notification grace (5 minutes) is polled.
        jdbc.sql("UPDATE inference_job SET started_at = now() - interval '10 minutes' WHERE document_id = :id")
                .param("id", document).update();

        awaitCompleted(document);

        Map<String, Object> job = job(document);
        assertThat(job).containsEntry("status", "SUCCEEDED").containsEntry("completed_by", "poll");
        assertThat(job.get("notified_at")).isNull();
        assertThat(rawOutput(document).path("Blocks").size()).isGreaterThan(8);
    }

    @Test
    void startsAgainAJobTextractNoLongerKnows() throws IOException {
        listeners.getContainerById("textract-completed").stop();
        UUID document = ConvertedPages.send(infra, "docpipe-ocr", "textract-async", 1, page()).getFirst();
        await().atMost(Duration.ofSeconds(20)).until(() -> job(document) != null);
        loseTheNotification();
        jdbc.sql("UPDATE inference_job SET job_id = :unknown, started_at = now() - interval '10 minutes' WHERE document_id = :id")
                .param("unknown", "f".repeat(64)).param("id", document).update();
        listeners.getContainerById("textract-completed").start();

        awaitCompleted(document);

        Map<String, Object> job = job(document);
        assertThat(job).containsEntry("status", "SUCCEEDED").containsEntry("generation", 1);
        assertThat(job.get("job_id")).isNotEqualTo("f".repeat(64));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(auditDetails(document))
                .anySatisfy(d -> assertThat(d).contains("restarted").contains("does not know job")));
        assertThat(jdbc.sql("SELECT count(*) FROM inference_result WHERE document_id = :id").param("id", document)
                .query(Long.class).single()).isOne();
    }

    @Test
    void drawsTheWordsOnAnAnnotatedCopyOfThePageWhenTheBatchAsks() throws IOException {
        UUID document = ConvertedPages.send(infra, "docpipe-ocr", "textract-async", true, 1, page()).getFirst();

        awaitCompleted(document);

        String key = jdbc.sql("SELECT annotated_key FROM inference_result WHERE document_id = :id").param("id", document)
                .query(String.class).single();
        assertThat(key).isEqualTo("annotated/%s/1.png".formatted(document));
        BufferedImage annotated = ImageIO.read(new ByteArrayInputStream(
                infra.s3Client().getObjectAsBytes(b -> b.bucket(infra.endpoints().workBucket()).key(key)).asByteArray()));
        assertThat(annotated.getWidth()).isEqualTo(1000);
        JsonNode word = StreamSupport.stream(rawOutput(document).path("Blocks").spliterator(), false)
                .filter(b -> b.path("BlockType").asString().equals("WORD") && b.path("Text").asString().equalsIgnoreCase("total"))
                .findFirst().orElseThrow();
        JsonNode box = word.path("Geometry").path("BoundingBox");
        int left = (int) Math.round(box.path("Left").asDouble() * 1000);
        int middle = (int) Math.round((box.path("Top").asDouble() + box.path("Height").asDouble() / 2) * 300);
        assertThat(new Color(annotated.getRGB(left, middle)).getRed()).as("the box's left edge is drawn in red").isGreaterThan(180);
        assertThat(new Color(annotated.getRGB(left, middle)).getGreen()).isLessThan(80);
        assertThat(annotated.getRGB(990, 290)).as("the page's empty corner is untouched").isEqualTo(Color.WHITE.getRGB());
    }

    /** The same page-converted notification once more, as SQS may deliver it. */
    private void redeliver(UUID document) {
        String body = JSON.writeValueAsString(S3EventNotification.objectCreated(infra.endpoints().workBucket(),
                ObjectKeys.pageImage(document, 1), 1, Instant.now()));
        TestQueues queues = new TestQueues(infra);
        infra.sqsClient().sendMessage(b -> b.queueUrl(queues.url("docpipe-page-converted")).messageBody(body));
    }

    private void loseTheNotification() {
        TestQueues queues = new TestQueues(infra);
        Message notification = queues.receiveOne(NOTIFICATIONS);
        infra.sqsClient().deleteMessage(b -> b.queueUrl(queues.url(NOTIFICATIONS)).receiptHandle(notification.receiptHandle()));
    }

    private void awaitCompleted(UUID document) {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> jdbc.sql(
                "SELECT status FROM document WHERE id = :id").param("id", document).query(String.class).single(), "COMPLETED"::equals);
    }

    private Map<String, Object> job(UUID document) {
        return jdbc.sql("SELECT job_id, status, completed_by, notified_at, generation, object_key FROM inference_job WHERE document_id = :id")
                .param("id", document).query().listOfRows().stream().findFirst().orElse(null);
    }

    private JsonNode rawOutput(UUID document) {
        return JSON.readTree(jdbc.sql("SELECT raw_output::text FROM inference_result WHERE document_id = :id AND backend = 'textract-async'")
                .param("id", document).query(String.class).single());
    }

    private JsonNode features(UUID document) {
        return JSON.readTree(jdbc.sql("SELECT features::text FROM inference_result WHERE document_id = :id")
                .param("id", document).query(String.class).single());
    }

    private List<String> auditDetails(UUID document) {
        return jdbc.sql("SELECT detail FROM audit_event WHERE document_id = :id AND stage = 'INFERENCE' ORDER BY id")
                .param("id", document).query(String.class).list();
    }

    private static byte[] page() throws IOException {
        BufferedImage image = new BufferedImage(1000, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 1000, 300);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 44));
        g.drawString("Invoice total 42 paid", 40, 110);
        g.drawString("Delivery to customer today", 40, 220);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
