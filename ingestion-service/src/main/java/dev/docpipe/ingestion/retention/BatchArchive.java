package dev.docpipe.ingestion.retention;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a finished batch's audit events and inference results out of the live tables, cheaply:
 * each is its own partition (migration V7), so archiving detaches the two partitions and moves them
 * to the {@code archive} schema, where they stay queryable, can be dumped
 * ({@code pg_dump -t 'archive.*<batch>'}) and dropped. No row is copied or deleted, so there is no
 * bloat and nothing to vacuum; a batch of ten million pages takes as long as a batch of one.
 * Detaching locks the parent table for a moment (not {@code CONCURRENTLY}: the DEFAULT partition,
 * which catches events of unknown batches, rules that out), so it waits at most
 * {@value #LOCK_TIMEOUT} for running statements before giving up rather than queueing every
 * writer behind it; the caller is told to try again.
 */
@Service
public class BatchArchive {

    static final List<String> TABLES = List.of("audit_event", "inference_result");
    private static final String ARCHIVE = "archive";

    private static final String LOCK_TIMEOUT = "2s";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public BatchArchive(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public enum Outcome { ARCHIVED, NOT_FOUND, NOT_FINISHED, BUSY }

    /** Archives a COMPLETED or FAILED batch's partitions; again for an archived batch changes nothing. */
    public Outcome archive(UUID batchId) {
        Optional<String> status = jdbc.sql("SELECT status FROM batch WHERE id = :id").param("id", batchId).query(String.class).optional();
        if (status.isEmpty()) {
            return Outcome.NOT_FOUND;
        }
        if (!status.get().equals("COMPLETED") && !status.get().equals("FAILED")) {
            return Outcome.NOT_FINISHED;
        }
        jdbc.sql("CREATE SCHEMA IF NOT EXISTS " + ARCHIVE).update();
        try {
            tx.executeWithoutResult(t -> {
                jdbc.sql("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'").update();
                for (String table : TABLES) {
                    String partition = partition(table, batchId);
                    if (attached(table, partition)) {
                        // Names are built from a table constant and a UUID, never from input text.
                        jdbc.sql("ALTER TABLE %s DETACH PARTITION %s".formatted(table, partition)).update();
                    }
                    if (exists("public", partition)) {
                        jdbc.sql("ALTER TABLE %s SET SCHEMA %s".formatted(partition, ARCHIVE)).update();
                    }
                }
            });
        } catch (PessimisticLockingFailureException e) {
            return Outcome.BUSY;
        }
        return Outcome.ARCHIVED;
    }

    /** Drops an archived batch's tables. @return whether there were any */
    public boolean drop(UUID batchId) {
        boolean dropped = false;
        for (String table : TABLES) {
            String partition = partition(table, batchId);
            if (exists(ARCHIVE, partition)) {
                jdbc.sql("DROP TABLE %s.%s".formatted(ARCHIVE, partition)).update();
                dropped = true;
            }
        }
        return dropped;
    }

    static String partition(String table, UUID batchId) {
        return table + "_" + batchId.toString().replace("-", "");
    }

    private boolean attached(String parent, String partition) {
        return jdbc.sql("""
                        SELECT count(*) FROM pg_inherits i
                         WHERE i.inhparent = CAST(:parent AS regclass) AND i.inhrelid = to_regclass(:partition)""")
                .param("parent", parent)
                .param("partition", "public." + partition)
                .query(Long.class)
                .single() > 0;
    }

    private boolean exists(String schema, String table) {
        return jdbc.sql("SELECT to_regclass(:name) IS NOT NULL").param("name", schema + "." + table).query(Boolean.class).single();
    }
}
