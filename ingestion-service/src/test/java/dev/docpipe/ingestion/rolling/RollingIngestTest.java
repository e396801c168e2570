package dev.docpipe.ingestion.rolling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.Stage;
import dev.docpipe.core.audit.AuditRecorder;
import dev.docpipe.core.ledger.DocumentLedger;
import dev.docpipe.ingestion.IngestionTestProperties;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import dev.docpipe.testing.TestQueues;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * S3's object-created notifications on the real queue, database and S3: each object under the
 * configured prefix becomes one document of its source's rolling batch, however often the
 * notification is delivered, and everything else is skipped without failing the message. S3Proxy
 * sends no notifications, so the test sends the JSON S3 would send.
 */
@PipelineInfrastructure
@SpringBootTest(properties = {
    "spring.config.name=ingestion-service",
    "docpipe.ingestion.rolling.sources[0].bucket=docpipe-input",
    "docpipe.ingestion.rolling.sources[0].prefix=inbox/",
    "docpipe.ingestion.rolling.sources[0].name=scans",
    "docpipe.ingestion.rolling.sources[0].dpi=200",
    "docpipe.ingestion.rolling.sources[1].bucket=docpipe-input",
    "docpipe.ingestion.rolling.sources[1].prefix=invoices/",
    "docpipe.ingestion.rolling.sources[1].model=invoice-reader",
    // The test closes windows itself.
    "docpipe.ingestion.rolling.close-interval=1h"
})
class RollingIngestTest {

    private static final String INPUT = "docpipe-input";
    private static final String QUEUE = "docpipe-object-created";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final TestQueues queues = new TestQueues(infra);
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());

    @Autowired
    RollingBatchCloser closer;

    @Autowired
    DocumentLedger ledger;

    @Autowired
    AuditRecorder audit;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IngestionTestProperties.register(registry);
    }

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
    }

    @Test
    void addsEveryObjectOfANotificationToItsSourcesRollingBatchAndSendsIt() {
        put("inbox/letter.pdf", "inbox/scan of 2026+1.pdf", "invoices/0001.pdf");
        Instant now = Instant.now();

        notify(record("inbox/letter.pdf", 9, now), record("inbox/scan+of+2026%2B1.pdf", 9, now), record("invoices/0001.pdf", 9, now));

        await().atMost(Duration.ofSeconds(20)).until(() -> documents().size() == 3);
        Map<String, Object> scans = batchOf("inbox/letter.pdf");
        assertThat(scans).containsEntry("status", "RUNNING").containsEntry("listing_complete", false)
                .containsEntry("rolling_source", "scans").containsEntry("document_count", 2);
        assertThat(JSON.readTree((String) scans.get("options")).path("dpi").asInt()).isEqualTo(200);
        assertThat(JSON.readTree((String) scans.get("options")).path("model").asString()).isEqualTo("docpipe-ocr");
        // The other source's objects make a batch of their own, with that source's options.
        Map<String, Object> invoices = batchOf("invoices/0001.pdf");
        assertThat(invoices.get("id")).isNotEqualTo(scans.get("id"));
        assertThat(JSON.readTree((String) invoices.get("options")).path("model").asString()).isEqualTo("invoice-reader");
        assertThat(JSON.readTree((String) invoices.get("options")).path("dpi").asInt()).isEqualTo(150);
        // Keys as stored, decoded from S3's form encoding; ids as for any listed document.
        UUID scansBatch = (UUID) scans.get("id");
        assertThat(documents()).containsEntry(RollingBatches.documentId(scansBatch, INPUT, "inbox/scan of 2026+1.pdf"), "inbox/scan of 2026+1.pdf")
                .containsEntry(RollingBatches.documentId(scansBatch, INPUT, "inbox/letter.pdf"), "inbox/letter.pdf");
        await().atMost(Duration.ofSeconds(10)).until(() -> queues.messagesIn("docpipe-ingest") == 3);
        List<JsonNode> sent = queues.receive("docpipe-ingest", 3).stream().map(m -> JSON.readTree(m.body())).toList();
        assertThat(sent).extracting(m -> m.path("key").asString())
                .containsExactlyInAnyOrder("inbox/letter.pdf", "inbox/scan of 2026+1.pdf", "invoices/0001.pdf");
        assertThat(sent).allSatisfy(m -> assertThat(m.path("sizeBytes").asLong()).isEqualTo(9));
        assertThat(acknowledged()).isTrue();
    }

    @Test
    void aRedeliveredNotificationAddsNoSecondDocumentAndCountsNothingTwice() {
        put("inbox/a.pdf");
        Instant created = Instant.now();

        notify(record("inbox/a.pdf", 9, created));
        await().atMost(Duration.ofSeconds(20)).until(() -> documents().size() == 1);
        notify(record("inbox/a.pdf", 9, created));

        await().atMost(Duration.ofSeconds(20)).until(() -> auditRows("DUPLICATE") == 1);
        assertThat(documents()).hasSize(1);
        assertThat(batchOf("inbox/a.pdf")).containsEntry("document_count", 1);
        assertThat(auditRows("SUCCEEDED")).isEqualTo(1);
    }

    @Test
    void acknowledgesTheTestEventAndSkipsWhatIsNoDocumentOfASourceWithAnAuditRow() {
        put("elsewhere/a.pdf", "inbox/folder/", "inbox/empty.pdf");
        Instant now = Instant.now();

        send("""
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-03-01T09:59:00.000Z","Bucket":"docpipe-input",
                 "RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR"}""");
        notify(record("elsewhere/a.pdf", 9, now), record("inbox/folder/", 0, now), record("inbox/empty.pdf", 0, now),
                record("someone-elses-bucket", "inbox/b.pdf", 9, now, "ObjectCreated:Put"),
                record(INPUT, "inbox/gone.pdf", 9, now, "ObjectRemoved:Delete"));

        await().atMost(Duration.ofSeconds(20)).until(() -> auditRows("SKIPPED") == 6);
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE outcome = 'SKIPPED'").query(String.class).list())
                .anySatisfy(d -> assertThat(d).startsWith("S3 test event for bucket 'docpipe-input'"))
                .anySatisfy(d -> assertThat(d).isEqualTo("s3://docpipe-input/elsewhere/a.pdf: under no configured rolling source prefix"))
                .anySatisfy(d -> assertThat(d).isEqualTo("s3://docpipe-input/inbox/folder/: a folder marker"))
                .anySatisfy(d -> assertThat(d).isEqualTo("s3://docpipe-input/inbox/empty.pdf: zero bytes"))
                .anySatisfy(d -> assertThat(d).isEqualTo("s3://someone-elses-bucket/inbox/b.pdf: the bucket is not on the allowlist"))
                .anySatisfy(d -> assertThat(d).contains("event ObjectRemoved:Delete is no object creation"));
        assertThat(documents()).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM batch").query(Long.class).single()).isZero();
        assertThat(acknowledged()).isTrue();
        assertThat(queues.messagesIn(QUEUE + "-dlq")).isZero();
    }

    @Test
    void aClosedWindowCompletesWhenItsDocumentsAreDoneAndALateObjectJoinsTheOpenWindow() {
        Instant threeDaysAgo = Instant.now().minus(3, ChronoUnit.DAYS);
        notify(record("inbox/old.pdf", 9, threeDaysAgo));
        await().atMost(Duration.ofSeconds(20)).until(() -> documents().size() == 1);
        UUID old = (UUID) batchOf("inbox/old.pdf").get("id");

        // Its window ended two days ago: the closer ends its listing; a document in flight keeps it running.
        assertThat(closer.closeEndedWindows()).containsExactly(old);
        assertThat(batchOf("inbox/old.pdf")).containsEntry("status", "RUNNING").containsEntry("listing_complete", true);
        ledger.fail(RollingBatches.documentId(old, INPUT, "inbox/old.pdf"), Stage.CLASSIFICATION, FailureReason.CORRUPT, "test");
        assertThat(batchOf("inbox/old.pdf")).containsEntry("status", "COMPLETED");

        // A redelivery into the closed window is a duplicate; an object first announced now joins today's batch.
        notify(record("inbox/old.pdf", 9, threeDaysAgo), record("inbox/late.pdf", 9, threeDaysAgo));
        await().atMost(Duration.ofSeconds(20)).until(() -> documents().size() == 2);
        UUID today = (UUID) batchOf("inbox/late.pdf").get("id");
        assertThat(today).isNotEqualTo(old);
        assertThat(batchOf("inbox/late.pdf")).containsEntry("status", "RUNNING").containsEntry("listing_complete", false);
        assertThat(batchOf("inbox/old.pdf")).containsEntry("status", "COMPLETED").containsEntry("document_count", 1);
        assertThat(closer.closeEndedWindows()).isEmpty();
    }

    // --- helpers ---

    private void put(String... keys) {
        for (String key : keys) {
            byte[] content = key.endsWith("/") || key.contains("empty") ? new byte[0] : "%PDF-1.7".getBytes();
            infra.s3Client().putObject(b -> b.bucket(INPUT).key(key), RequestBody.fromBytes(content));
        }
    }

    private static String record(String encodedKey, long size, Instant created) {
        return record(INPUT, encodedKey, size, created, "ObjectCreated:Put");
    }

    private static String record(String bucket, String encodedKey, long size, Instant created, String event) {
        return """
                {"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"%s","eventName":"%s",
                 "userIdentity":{"principalId":"AWS:AIDAEXAMPLE"},"requestParameters":{"sourceIPAddress":"127.0.0.1"},
                 "s3":{"s3SchemaVersion":"1.0","configurationId":"docpipe-inbox","bucket":{"name":"%s","arn":"arn:aws:s3:::%s"},
                       "object":{"key":"%s","size":%d,"eTag":"d41d8cd98f00b204e9800998ecf8427e","sequencer":"0055AED6DCD90281E5"}}}"""
                .formatted(created, event, bucket, bucket, encodedKey, size);
    }

    private void notify(String... records) {
        send("{\"Records\":[" + String.join(",", records) + "]}");
    }

    private void send(String body) {
        infra.sqsClient().sendMessage(b -> b.queueUrl(queues.url(QUEUE)).messageBody(body));
    }

    private Map<UUID, String> documents() {
        return jdbc.sql("SELECT id, object_key FROM document").query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
                .list().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private Map<String, Object> batchOf(String key) {
        return jdbc.sql("""
                        SELECT b.id, b.status, b.listing_complete, b.rolling_source, b.document_count, b.options::text AS options
                          FROM batch b JOIN document d ON d.batch_id = b.id WHERE d.object_key = :key""")
                .param("key", key).query().singleRow();
    }

    private long auditRows(String outcome) {
        audit.flush(Duration.ofSeconds(5));
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE stage = 'INGESTION' AND outcome = :outcome")
                .param("outcome", outcome).query(Long.class).single();
    }

    /** Every message was deleted: none waits, none is in flight. */
    private boolean acknowledged() {
        await().atMost(Duration.ofSeconds(10)).until(() -> queues.messagesIn(QUEUE) == 0
                && queues.attribute(QUEUE, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) == 0);
        return true;
    }
}
