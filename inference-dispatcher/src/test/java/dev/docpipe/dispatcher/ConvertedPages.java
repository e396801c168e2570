package dev.docpipe.dispatcher;

import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.ProcessingOptions;
import dev.docpipe.contracts.S3EventNotification;
import dev.docpipe.testing.PipelineRows;
import dev.docpipe.testing.TestInfrastructure;
import dev.docpipe.testing.TestQueues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.core.sync.RequestBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * Single-page documents as the image converter leaves them: the batch, the classified document,
 * the converted page row, the PNG in the work bucket, and the page-converted notification sent.
 */
final class ConvertedPages {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ConvertedPages() {}

    /** Sends {@code count} one-page documents of a new batch that chose {@code backend} (null: the default). */
    static List<UUID> send(TestInfrastructure infra, String model, String backend, int count, byte[] png) {
        return send(infra, model, backend, false, count, png);
    }

    /** As above, the batch asking for annotated page images or not. */
    static List<UUID> send(TestInfrastructure infra, String model, String backend, boolean annotate, int count, byte[] png) {
        JdbcClient jdbc = JdbcClient.create(infra.dataSource());
        UUID batchId = UUID.randomUUID();
        String options = JSON.writeValueAsString(new ProcessingOptions(150, model, backend, annotate));
        PipelineRows rows = new PipelineRows(infra);
        rows.runningBatch(batchId, "docpipe-input", "in/", count, options);
        String workBucket = infra.endpoints().workBucket();
        String queueUrl = new TestQueues(infra).url("docpipe-page-converted");
        List<UUID> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID documentId = UUID.randomUUID();
            String key = ObjectKeys.pageImage(documentId, 1);
            rows.classifiedDocument(batchId, documentId, "docpipe-input", "in/" + i + ".pdf", 10, "PDF", "SINGLE", 1);
            jdbc.sql("INSERT INTO page (document_id, page_number, status, image_key) VALUES (:id, 1, 'CONVERTED', :key)")
                    .param("id", documentId).param("key", key).update();
            infra.s3Client().putObject(b -> b.bucket(workBucket).key(key).contentType("image/png"), RequestBody.fromBytes(png));
            String body = JSON.writeValueAsString(S3EventNotification.objectCreated(workBucket, key, png.length, Instant.now()));
            infra.sqsClient().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
            documents.add(documentId);
        }
        return documents;
    }
}
