package dev.docpipe.dispatcher;

import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.S3EventNotification;
import dev.docpipe.testing.TestInfrastructure;
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
        JdbcClient jdbc = JdbcClient.create(infra.dataSource());
        UUID batchId = UUID.randomUUID();
        String options = backend == null
                ? "{\"dpi\":150,\"model\":\"%s\"}".formatted(model)
                : "{\"dpi\":150,\"model\":\"%s\",\"backend\":\"%s\"}".formatted(model, backend);
        jdbc.sql("""
                        INSERT INTO batch (id, status, source_bucket, prefixes, options, document_count, listing_complete)
                        VALUES (:id, 'RUNNING', 'docpipe-input', ARRAY['in/'], CAST(:options AS jsonb), :count, true)""")
                .param("id", batchId).param("options", options).param("count", count).update();
        String workBucket = infra.endpoints().workBucket();
        String queueUrl = infra.sqsClient().getQueueUrl(b -> b.queueName("docpipe-page-converted")).queueUrl();
        List<UUID> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID documentId = UUID.randomUUID();
            String key = ObjectKeys.pageImage(documentId, 1);
            jdbc.sql("""
                            INSERT INTO document (id, batch_id, bucket, object_key, size_bytes, status, source_kind, doc_class, page_count)
                            VALUES (:id, :batch, 'docpipe-input', :key, 10, 'CLASSIFIED', 'PDF', 'SINGLE', 1)""")
                    .param("id", documentId).param("batch", batchId).param("key", "in/" + i + ".pdf").update();
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
