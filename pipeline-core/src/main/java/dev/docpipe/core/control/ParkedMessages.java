package dev.docpipe.core.control;

import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.core.messaging.PipelineMessenger;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The messages of paused batches, kept in PostgreSQL rather than cycled through SQS: a message
 * put back on its queue again and again would use up its receive count and land in the
 * dead-letter queue while the batch merely waits. Resuming sends them back to their queues, a
 * page of rows at a time, each page deleted only after it was sent (a crash in between sends a
 * page twice, which every consumer tolerates).
 */
public class ParkedMessages {

    private static final Logger log = LoggerFactory.getLogger(ParkedMessages.class);
    private static final int PAGE = 500;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public ParkedMessages(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void park(UUID batchId, PipelineQueue queue, Object payload) {
        jdbc.sql("""
                        INSERT INTO parked_message (batch_id, queue, message_type, body)
                        VALUES (:batch, :queue, :type, CAST(:body AS jsonb))""")
                .param("batch", batchId)
                .param("queue", queue.logicalName())
                .param("type", payload.getClass().getSimpleName())
                .param("body", json.writeValueAsString(payload))
                .update();
    }

    public long count(UUID batchId) {
        return jdbc.sql("SELECT count(*) FROM parked_message WHERE batch_id = :batch").param("batch", batchId).query(Long.class).single();
    }

    /**
     * Sends a resumed batch's parked messages back to their queues.
     *
     * @return how many were sent
     */
    public long release(UUID batchId, PipelineMessenger messenger) {
        long sent = 0;
        while (true) {
            List<Parked> page = jdbc.sql("""
                            SELECT id, queue, body::text AS body FROM parked_message
                             WHERE batch_id = :batch ORDER BY id LIMIT :limit""")
                    .param("batch", batchId)
                    .param("limit", PAGE)
                    .query(Parked.class)
                    .list();
            if (page.isEmpty()) {
                break;
            }
            for (PipelineQueue queue : PipelineQueue.values()) {
                List<Object> payloads = page.stream()
                        .filter(p -> p.queue().equals(queue.logicalName()))
                        .map(p -> (Object) json.readValue(p.body(), queue.messageType()))
                        .toList();
                if (!payloads.isEmpty()) {
                    messenger.sendAll(queue, payloads);
                }
            }
            jdbc.sql("DELETE FROM parked_message WHERE batch_id = :batch AND id <= :last")
                    .param("batch", batchId)
                    .param("last", page.getLast().id())
                    .update();
            sent += page.size();
        }
        if (sent > 0) {
            log.info("Batch {} resumed: {} parked messages sent back", batchId, sent);
        }
        return sent;
    }

    /** Drops a cancelled batch's parked messages: their documents ended CANCELLED. */
    public int discard(UUID batchId) {
        return jdbc.sql("DELETE FROM parked_message WHERE batch_id = :batch").param("batch", batchId).update();
    }

    record Parked(long id, String queue, String body) {}
}
