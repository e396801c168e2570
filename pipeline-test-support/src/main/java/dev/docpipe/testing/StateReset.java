package dev.docpipe.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;

/** Brings tables, queues and buckets back to empty, keeping schema, queues and buckets. */
final class StateReset {

    /** Keeps the record of applied migrations, so the schema is not migrated again. */
    private static final String MIGRATION_HISTORY = "flyway_schema_history";

    private final DataSource dataSource;
    private final SqsClient sqs;
    private final S3Client s3;

    StateReset(DataSource dataSource, SqsClient sqs, S3Client s3) {
        this.dataSource = dataSource;
        this.sqs = sqs;
        this.s3 = s3;
    }

    void run() {
        truncateTables();
        sqs.listQueuesPaginator(r -> r.maxResults(1000)).queueUrls().forEach(this::purge);
        s3.listBuckets().buckets().forEach(bucket -> empty(bucket.name()));
    }

    private void truncateTables() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("select format('%I.%I', schemaname, tablename) from pg_tables"
                    + " where schemaname = current_schema() and tablename <> '" + MIGRATION_HISTORY + "'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            if (!tables.isEmpty()) {
                // One statement for all tables, so foreign keys between them never get in the way.
                statement.execute("truncate table " + String.join(", ", tables) + " restart identity cascade");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not empty the application tables", e);
        }
    }

    /** Purges, which also drops messages in flight; AWS allows one purge per queue a minute. */
    private void purge(String queueUrl) {
        try {
            sqs.purgeQueue(r -> r.queueUrl(queueUrl));
        } catch (PurgeQueueInProgressException e) {
            drainVisibleMessages(queueUrl);
        }
    }

    private void drainVisibleMessages(String queueUrl) {
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
            if (!batch.isEmpty()) {
                List<DeleteMessageBatchRequestEntry> entries = batch.stream()
                        .map(m -> DeleteMessageBatchRequestEntry.builder()
                                .id(m.messageId())
                                .receiptHandle(m.receiptHandle())
                                .build())
                        .toList();
                sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            }
        } while (!batch.isEmpty());
    }

    private void empty(String bucket) {
        s3.listObjectsV2Paginator(r -> r.bucket(bucket)).forEach(page -> {
            if (page.hasContents() && !page.contents().isEmpty()) {
                List<ObjectIdentifier> keys = page.contents().stream()
                        .map(o -> ObjectIdentifier.builder().key(o.key()).build())
                        .toList();
                s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(keys).quiet(true)));
            }
        });
    }
}
