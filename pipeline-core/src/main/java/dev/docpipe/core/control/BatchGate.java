package dev.docpipe.core.control;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Which batches are held, paused or cancelled, as every stage's listeners see them. The set is
 * read from PostgreSQL at most once per {@code refresh}, whatever the message rate, so a pause
 * takes effect everywhere within that time and costs no query per message. A cancelled batch
 * stays in the set while any of its messages could still exist (SQS keeps dead letters 14 days).
 */
public class BatchGate {

    private final JdbcClient jdbc;
    private final long refreshNanos;
    private volatile Map<UUID, BatchHold> held = Map.of();
    private volatile long readAt = Long.MIN_VALUE;

    public BatchGate(JdbcClient jdbc, Duration refresh) {
        this.jdbc = jdbc;
        this.refreshNanos = refresh.toNanos();
    }

    /**
     * Throws {@link BatchHeldException} if a message's batch is held. A message that does not
     * name its batch (an S3 event notification) is looked up only while some batch is held.
     */
    public void admit(UUID batchId, Supplier<UUID> lookup) {
        Map<UUID, BatchHold> current = current();
        if (current.isEmpty()) {
            return;
        }
        UUID batch = batchId != null ? batchId : lookup.get();
        BatchHold hold = batch == null ? BatchHold.NONE : current.getOrDefault(batch, BatchHold.NONE);
        if (hold != BatchHold.NONE) {
            throw new BatchHeldException(batch, hold);
        }
    }

    /** Reads the held batches again at the next message: called by whoever just changed one. */
    public void invalidate() {
        readAt = Long.MIN_VALUE;
    }

    private Map<UUID, BatchHold> current() {
        long now = System.nanoTime();
        if (readAt != Long.MIN_VALUE && now - readAt < refreshNanos) {
            return held;
        }
        synchronized (this) {
            if (readAt == Long.MIN_VALUE || System.nanoTime() - readAt >= refreshNanos) {
                held = Map.copyOf(jdbc.sql("""
                                SELECT id, status FROM batch
                                 WHERE status = 'PAUSED'
                                    OR (status = 'CANCELLED' AND completed_at > now() - interval '15 days')""")
                        .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), BatchHold.valueOf(rs.getString(2))))
                        .list()
                        .stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
                readAt = System.nanoTime();
            }
            return held;
        }
    }
}
