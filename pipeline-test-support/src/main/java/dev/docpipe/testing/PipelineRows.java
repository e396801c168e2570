package dev.docpipe.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The batch and document rows a stage finds when its message arrives, written in plain JDBC so
 * that every service's tests can set up the state the stages before it would have left.
 *
 * <pre>{@code
 * PipelineRows rows = new PipelineRows(TestInfrastructure.shared());
 * rows.runningBatch(batchId, "docpipe-input", "in/", 1);
 * rows.classifiedDocument(batchId, documentId, "docpipe-input", "in/a.pdf", 100, "PDF", "SINGLE", 1);
 * }</pre>
 */
public final class PipelineRows {

    /** The options of a batch that asked for nothing special. */
    public static final String DEFAULT_OPTIONS = "{\"dpi\":150,\"model\":\"docpipe-ocr\"}";

    private final DataSource dataSource;

    public PipelineRows(TestInfrastructure infra) {
        this.dataSource = infra.dataSource();
    }

    /** A batch as the lister leaves it once done: RUNNING, listing complete, with the default options. */
    public void runningBatch(UUID batchId, String bucket, String prefix, int documentCount) {
        runningBatch(batchId, bucket, prefix, documentCount, DEFAULT_OPTIONS);
    }

    /** A RUNNING batch, listing complete, with {@code options} as its processing options (JSON). */
    public void runningBatch(UUID batchId, String bucket, String prefix, int documentCount, String options) {
        insert("""
                INSERT INTO batch (id, status, source_bucket, prefixes, options, document_count, listing_complete)
                VALUES (?, 'RUNNING', ?, ARRAY[CAST(? AS text)], CAST(? AS jsonb), ?, true)""",
                batchId, bucket, prefix, options, documentCount);
    }

    /** A document as the lister records it, before the orchestrator has looked at it. */
    public void pendingDocument(UUID batchId, UUID documentId, String bucket, String key, long size) {
        insert("""
                INSERT INTO document (id, batch_id, bucket, object_key, size_bytes, status)
                VALUES (?, ?, ?, ?, ?, 'PENDING')""",
                documentId, batchId, bucket, key, size);
    }

    /**
     * A document the orchestrator has classified. {@code sourceKind} ({@code PDF}, {@code IMAGE})
     * and {@code docClass} ({@code SINGLE}, {@code SMALL}, {@code LARGE}) may be null for tests
     * that do not read them.
     */
    public void classifiedDocument(UUID batchId, UUID documentId, String bucket, String key, long size,
            String sourceKind, String docClass, int pageCount) {
        insert("""
                INSERT INTO document (id, batch_id, bucket, object_key, size_bytes, status, source_kind, doc_class, page_count)
                VALUES (?, ?, ?, ?, ?, 'CLASSIFIED', ?, ?, ?)""",
                documentId, batchId, bucket, key, size, sourceKind, docClass, pageCount);
    }

    private void insert(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not insert a test row: " + sql, e);
        }
    }
}
