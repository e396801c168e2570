package dev.docpipe.ingestion.batch;

import dev.docpipe.contracts.DocumentIngested;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The listing's state in the batch row: who lists it (a lease), how far it got (the cursor), and
 * the documents of each page, recorded with the cursor in one transaction.
 */
@Repository
class ListingRecords {

    /**
     * A page's documents and the batch's count and cursor in one statement: the count grows by the
     * rows actually inserted (a page listed again adds none), and only while this task holds the
     * lease; otherwise the statement returns nothing and the transaction is rolled back.
     */
    private static final String RECORD_PAGE = """
            WITH listed AS (
                INSERT INTO document (id, batch_id, bucket, object_key, size_bytes, status, metadata)
                SELECT id, ?, ?, object_key, size_bytes, 'PENDING', CAST(metadata AS jsonb)
                  FROM unnest(?::uuid[], ?::text[], ?::bigint[], ?::text[]) AS page(id, object_key, size_bytes, metadata)
                ON CONFLICT DO NOTHING
                RETURNING id)
            UPDATE batch SET document_count = document_count + (SELECT count(*) FROM listed),
                             listing_prefix = ?, listing_after = ?,
                             listing_lease_until = now() + CAST(? AS interval)
             WHERE id = ? AND status = 'LISTING' AND listing_owner = ?
            RETURNING (SELECT coalesce(array_agg(id), '{}') FROM listed)""";

    private final JdbcTemplate template;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    private final JsonMapper json;

    ListingRecords(JdbcTemplate template, JdbcClient jdbc, TransactionTemplate tx, JsonMapper json) {
        this.json = json;
        this.template = template;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Takes the listing for {@code owner} unless a lease on it still runs, even this task's own: a
     * batch queued twice in this task is listed once.
     */
    Optional<ListingCursor> claim(UUID batchId, String owner, Duration lease) {
        return jdbc.sql("""
                        UPDATE batch SET listing_owner = :owner, listing_lease_until = now() + CAST(:lease AS interval)
                         WHERE id = :id AND status = 'LISTING'
                           AND (listing_owner IS NULL OR listing_lease_until < now())
                     RETURNING listing_prefix AS prefix, listing_after AS after, document_count > 0 AS repeat""")
                .param("id", batchId)
                .param("owner", owner)
                .param("lease", interval(lease))
                .query(ListingCursor.class)
                .optional();
    }

    /** @return the ids of the documents this page added (none when it had been recorded before) */
    Set<UUID> recordPage(UUID batchId, String owner, ListingCursor cursor, List<DocumentIngested> page, FileNameMetadata metadata,
            Duration lease) {
        return tx.execute(status -> template.query(connection -> {
            PreparedStatement ps = connection.prepareStatement(RECORD_PAGE);
            ps.setObject(1, batchId);
            ps.setString(2, page.getFirst().bucket());
            ps.setArray(3, connection.createArrayOf("uuid", page.stream().map(DocumentIngested::documentId).toArray(UUID[]::new)));
            ps.setArray(4, connection.createArrayOf("text", page.stream().map(DocumentIngested::key).toArray(String[]::new)));
            ps.setArray(5, connection.createArrayOf("int8", page.stream().map(DocumentIngested::sizeBytes).toArray(Long[]::new)));
            ps.setArray(6, connection.createArrayOf("text", page.stream().map(d -> metadataJson(metadata, d.key())).toArray(String[]::new)));
            ps.setInt(7, cursor.prefix());
            ps.setString(8, cursor.after());
            ps.setString(9, interval(lease));
            ps.setObject(10, batchId);
            ps.setString(11, owner);
            return ps;
        }, rs -> {
            if (!rs.next()) {
                throw new ListingLeaseLostException(batchId);
            }
            Array ids = rs.getArray(1);
            return Arrays.stream((Object[]) ids.getArray()).map(UUID.class::cast).collect(Collectors.toSet());
        }));
    }

    /** The batch's file-name pattern, if it has one. */
    Optional<String> metadataPattern(UUID batchId) {
        return jdbc.sql("SELECT metadata_pattern FROM batch WHERE id = :id AND metadata_pattern IS NOT NULL")
                .param("id", batchId)
                .query(String.class)
                .optional();
    }

    /** A document's file-name metadata as JSON, or null without a pattern or a match. */
    private String metadataJson(FileNameMetadata metadata, String key) {
        if (metadata == null) {
            return null;
        }
        Map<String, String> values = metadata.dimensionsOf(key);
        return values.isEmpty() ? null : json.writeValueAsString(values);
    }

    /** Of these documents, those still waiting for the orchestrator. */
    Set<UUID> pending(List<UUID> documentIds) {
        return Set.copyOf(jdbc.sql("SELECT id FROM document WHERE id = ANY(:ids) AND status = 'PENDING'")
                .param("ids", documentIds.toArray(UUID[]::new))
                .query(UUID.class)
                .list());
    }

    /** @return false when this task no longer held the listing */
    boolean finish(UUID batchId, String owner) {
        return jdbc.sql("""
                        UPDATE batch SET status = 'RUNNING', listing_complete = true, listed_at = now(),
                                         listing_owner = NULL, listing_lease_until = NULL
                         WHERE id = :id AND status = 'LISTING' AND listing_owner = :owner""")
                .param("id", batchId)
                .param("owner", owner)
                .update() == 1;
    }

    /** Lets another task (or this one) resume the listing at once: this task is stopping. */
    void release(UUID batchId, String owner) {
        jdbc.sql("UPDATE batch SET listing_lease_until = now() WHERE id = :id AND status = 'LISTING' AND listing_owner = :owner")
                .param("id", batchId)
                .param("owner", owner)
                .update();
    }

    void fail(UUID batchId, String detail) {
        jdbc.sql("UPDATE batch SET status = 'FAILED', failure_detail = :detail WHERE id = :id AND status = 'LISTING'")
                .param("id", batchId)
                .param("detail", detail)
                .update();
    }

    /** Batches still listing whose task has let go or died: its lease ran out (or it never took one). */
    List<Abandoned> abandoned(Duration lease) {
        return jdbc.sql("""
                        SELECT id, source_bucket, prefixes, options::text AS options FROM batch
                         WHERE status = 'LISTING'
                           AND coalesce(listing_lease_until, created_at + CAST(:lease AS interval)) < now()
                         ORDER BY created_at""")
                .param("lease", interval(lease))
                .query((rs, n) -> new Abandoned(rs.getObject("id", UUID.class), rs.getString("source_bucket"),
                        List.of((String[]) rs.getArray("prefixes").getArray()), rs.getString("options")))
                .list();
    }

    record Abandoned(UUID batchId, String bucket, List<String> prefixes, String options) {}

    private static String interval(Duration d) {
        return d.toMillis() + " milliseconds";
    }
}
