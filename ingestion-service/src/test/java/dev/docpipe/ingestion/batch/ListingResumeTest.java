package dev.docpipe.ingestion.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.contracts.ProcessingOptions;
import dev.docpipe.ingestion.IngestionTestProperties;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.json.JsonMapper;

/**
 * A listing stopped mid-way (its task interrupted, as a stopping or dying task is) resumes from its
 * cursor: every object listed once, counted once, and sent to the orchestrator at least once,
 * including the page recorded just before the stop and never sent.
 */
@PipelineInfrastructure
@SpringBootTest(properties = {"spring.config.name=ingestion-service", "docpipe.ingestion.listing.page-size=10",
        // The test resumes by hand, so nothing else does meanwhile.
        "docpipe.ingestion.listing.resume-every=1h"})
class ListingResumeTest {

    private static final String INPUT = "docpipe-input";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());

    @Autowired
    BatchLister lister;

    @Autowired
    ListingResumer resumer;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IngestionTestProperties.register(registry);
    }

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
    }

    @AfterEach
    void noStops() {
        lister.afterRecord = cursor -> {};
    }

    @Test
    void resumesAListingStoppedBetweenRecordingAPageAndSendingItAndCountsEveryObjectOnce() throws InterruptedException {
        List<String> keys = IntStream.range(0, 35).mapToObj("resume/doc-%03d.pdf"::formatted).toList();
        keys.forEach(key -> infra.s3Client().putObject(b -> b.bucket(INPUT).key(key), RequestBody.fromString("%PDF-1.7")));
        UUID batchId = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO batch (id, status, source_bucket, prefixes, options)
                        VALUES (:id, 'LISTING', :bucket, ARRAY['resume/'], '{"dpi":150,"model":"docpipe-ocr"}')""")
                .param("id", batchId).param("bucket", INPUT).update();
        // The second page is recorded, then the task stops before sending it.
        lister.afterRecord = cursor -> {
            if (cursor.after() != null) {
                Thread.currentThread().interrupt();
            }
        };
        Thread task = Thread.ofPlatform().start(() -> lister.list(batchId, INPUT, List.of("resume/"), new ProcessingOptions(150, "docpipe-ocr")));
        task.join(Duration.ofSeconds(20));

        assertThat(batch(batchId)).isEqualTo("LISTING 20 resume/doc-009.pdf");
        List<String> sentBeforeTheStop = ingested();
        assertThat(sentBeforeTheStop).hasSize(10);

        lister.afterRecord = cursor -> {};
        resumer.runOnce();
        await().atMost(Duration.ofSeconds(20)).until(() -> batch(batchId).startsWith("RUNNING"));

        assertThat(batch(batchId)).startsWith("RUNNING 35 ");
        assertThat(jdbc.sql("SELECT count(*) FROM document WHERE batch_id = :id").param("id", batchId).query(Long.class).single())
                .isEqualTo(35);
        assertThat(jdbc.sql("SELECT sum(value) FROM batch_tally WHERE batch_id = :id AND metric = 'documents'")
                .param("id", batchId).query(Long.class).single()).isEqualTo(35);
        // Every document sent: the second page once after the resume, the others once.
        List<String> sent = new ArrayList<>(sentBeforeTheStop);
        sent.addAll(ingested());
        assertThat(sent).containsExactlyInAnyOrderElementsOf(keys);
        // One audit row per listed object, none for the page listed twice.
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE batch_id = :id AND stage = 'INGESTION'")
                .param("id", batchId).query(Long.class).single()).isEqualTo(35);
    }

    @Test
    void leavesAListingAloneWhileAnotherTaskHoldsItsLease() {
        UUID batchId = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO batch (id, status, source_bucket, prefixes, options, listing_owner, listing_lease_until)
                        VALUES (:id, 'LISTING', :bucket, ARRAY['held/'], '{}', 'another-task', now() + interval '1 minute')""")
                .param("id", batchId).param("bucket", INPUT).update();
        infra.s3Client().putObject(b -> b.bucket(INPUT).key("held/a.pdf"), RequestBody.fromString("%PDF-1.7"));

        resumer.runOnce();
        lister.list(batchId, INPUT, List.of("held/"), new ProcessingOptions(150, "docpipe-ocr"));

        assertThat(batch(batchId)).isEqualTo("LISTING 0 ");
    }

    private String batch(UUID id) {
        return jdbc.sql("SELECT status || ' ' || document_count || ' ' || coalesce(listing_after, '') FROM batch WHERE id = :id")
                .param("id", id).query(String.class).single();
    }

    /** Takes the messages waiting in the ingest queue, as their object keys. */
    private List<String> ingested() {
        String url = infra.sqsClient().getQueueUrl(b -> b.queueName("docpipe-ingest")).queueUrl();
        List<String> keys = new ArrayList<>();
        List<Message> received;
        do {
            received = infra.sqsClient().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message m : received) {
                keys.add(JSON.readTree(m.body()).path("key").asString());
                infra.sqsClient().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        } while (!received.isEmpty());
        return keys;
    }
}
