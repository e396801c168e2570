package dev.docpipe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import dev.docpipe.testing.TestQueues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.textract.TextractClient;
import software.amazon.awssdk.services.textract.model.Block;
import software.amazon.awssdk.services.textract.model.BlockType;
import software.amazon.awssdk.services.textract.model.GetDocumentTextDetectionResponse;
import software.amazon.awssdk.services.textract.model.InvalidJobIdException;
import software.amazon.awssdk.services.textract.model.InvalidParameterException;
import software.amazon.awssdk.services.textract.model.JobStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asynchronous text detection through the real SDK client: the document in a real S3 bucket, the
 * completion notification on a real SQS queue in SNS's envelope, the result read in pages.
 */
@PipelineInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + ModelEndpointApplication.SERVICE_NAME,
        "docpipe.model.pool-size=1"})
class TextractJobsTest {

    private static final String QUEUE = "docpipe-textract-completed";
    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:" + QUEUE;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final TestQueues queues = new TestQueues(infra);
    private final String bucket = infra.endpoints().workBucket();
    private TextractClient client;

    @DynamicPropertySource
    static void aws(DynamicPropertyRegistry registry) {
        TestInfrastructure.shared().endpoints().modelEndpointProperties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @BeforeAll
    void connect() {
        infra.resetState();
        client = TextractClients.local(port);
    }

    @AfterAll
    void disconnect() {
        client.close();
    }

    @Test
    void runsAJobAnnouncesItThroughTheTopicAndPagesItsBlocksWithNextToken() throws Exception {
        String key = upload(PageImages.png(PageImages.headline("Invoice 2026 total 42", "Delivery to customer", "Amount due today")));
        String token = "page-" + UUID.randomUUID();

        String jobId = start(key, token, "doc-1:page-1");

        assertThat(start(key, token, "doc-1:page-1")).as("the same client token is the same job").isEqualTo(jobId);
        JsonNode envelope = JSON.readTree(notification().body());
        assertThat(envelope.path("Type").asString()).isEqualTo("Notification");
        assertThat(envelope.path("TopicArn").asString()).isEqualTo(TOPIC);
        JsonNode status = JSON.readTree(envelope.path("Message").asString());
        assertThat(status.path("JobId").asString()).isEqualTo(jobId);
        assertThat(status.path("Status").asString()).isEqualTo("SUCCEEDED");
        assertThat(status.path("API").asString()).isEqualTo("StartDocumentTextDetection");
        assertThat(status.path("JobTag").asString()).isEqualTo("doc-1:page-1");
        assertThat(status.path("DocumentLocation").path("S3ObjectName").asString()).isEqualTo(key);
        assertThat(status.path("DocumentLocation").path("S3Bucket").asString()).isEqualTo(bucket);

        GetDocumentTextDetectionResponse whole = client.getDocumentTextDetection(r -> r.jobId(jobId));
        assertThat(whole.jobStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(whole.nextToken()).isNull();
        List<Block> all = whole.blocks();
        assertThat(all.size()).isGreaterThan(8);
        List<Block> paged = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            String from = next;
            GetDocumentTextDetectionResponse page = client.getDocumentTextDetection(r -> r.jobId(jobId).maxResults(3).nextToken(from));
            assertThat(page.blocks()).hasSizeLessThanOrEqualTo(3);
            paged.addAll(page.blocks());
            next = page.nextToken();
            pages++;
        } while (next != null);
        assertThat(pages).isEqualTo((all.size() + 2) / 3);
        assertThat(paged.stream().map(Block::id).toList()).isEqualTo(all.stream().map(Block::id).toList());
        assertThat(paged.getFirst().blockType()).isEqualTo(BlockType.PAGE);
        assertThat(paged.stream().filter(b -> b.blockType() == BlockType.WORD).map(b -> b.text().toLowerCase(Locale.ROOT)))
                .contains("invoice", "delivery", "amount");
    }

    @Test
    void writesTheResultToTheOutputLocation() throws Exception {
        String key = upload(PageImages.png(PageImages.headline("Invoice total")));

        String jobId = client.startDocumentTextDetection(r -> r
                .documentLocation(l -> l.s3Object(o -> o.bucket(bucket).name(key)))
                .outputConfig(o -> o.s3Bucket(bucket).s3Prefix("textract-output"))).jobId();

        await().atMost(Duration.ofSeconds(30)).until(() -> client.getDocumentTextDetection(r -> r.jobId(jobId)).jobStatus() != JobStatus.IN_PROGRESS);
        assertThat(client.getDocumentTextDetection(r -> r.jobId(jobId)).jobStatus()).isEqualTo(JobStatus.SUCCEEDED);
        JsonNode written = JSON.readTree(infra.s3Client().getObjectAsBytes(b -> b.bucket(bucket).key("textract-output/" + jobId + "/1")).asByteArray());
        assertThat(written.path("JobStatus").asString()).isEqualTo("SUCCEEDED");
        assertThat(written.path("Blocks").size()).isEqualTo(client.getDocumentTextDetection(r -> r.jobId(jobId)).blocks().size());
    }

    @Test
    void failsAJobWhoseDocumentIsMissingAndSaysSoInTheNotification() throws Exception {
        String jobId = start("pages/nowhere/1.png", null, null);

        JsonNode status = JSON.readTree(JSON.readTree(notification().body()).path("Message").asString());
        assertThat(status.path("JobId").asString()).isEqualTo(jobId);
        assertThat(status.path("Status").asString()).isEqualTo("FAILED");
        GetDocumentTextDetectionResponse answer = client.getDocumentTextDetection(r -> r.jobId(jobId));
        assertThat(answer.jobStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(answer.statusMessage()).startsWith("InvalidS3ObjectException");
        assertThat(answer.blocks()).isEmpty();
    }

    @Test
    void refusesUnknownJobsAndForeignTokens() {
        assertThatThrownBy(() -> client.getDocumentTextDetection(r -> r.jobId("f".repeat(64))))
                .isInstanceOf(InvalidJobIdException.class);
        String key = upload(PageImages.png(PageImages.headline("Total")));
        String jobId = start(key, null, null);
        notification();
        assertThatThrownBy(() -> client.getDocumentTextDetection(r -> r.jobId(jobId).nextToken("bm90LWEtdG9rZW4")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> client.startDocumentTextDetection(r -> r
                .documentLocation(l -> l.s3Object(o -> o.bucket(bucket).name(key)))
                .jobTag("no spaces allowed")))
                .isInstanceOf(InvalidParameterException.class);
    }

    private String upload(byte[] png) {
        String key = "pages/%s/1.png".formatted(UUID.randomUUID());
        infra.s3Client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(png));
        return key;
    }

    private String start(String key, String token, String tag) {
        return client.startDocumentTextDetection(r -> r
                .documentLocation(l -> l.s3Object(o -> o.bucket(bucket).name(key)))
                .clientRequestToken(token)
                .jobTag(tag)
                .notificationChannel(n -> n.snsTopicArn(TOPIC).roleArn("arn:aws:iam::000000000000:role/textract-publish"))).jobId();
    }

    private Message notification() {
        Message message = queues.receiveOne(QUEUE);
        infra.sqsClient().deleteMessage(b -> b.queueUrl(queues.url(QUEUE)).receiptHandle(message.receiptHandle()));
        return message;
    }
}
