package dev.docpipe.ingestion.rolling;

import dev.docpipe.core.ledger.DocumentLedger;
import dev.docpipe.core.schedule.PeriodicTask;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Ends the listing of every rolling batch whose window is over (plus the grace for late
 * notifications), so it completes when its last document is terminal, or at once if that already
 * happened. Every ingestion task runs this; the guarded update lets exactly one of them close a
 * batch.
 */
@Component
class RollingBatchCloser extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(RollingBatchCloser.class);

    private final JdbcClient jdbc;
    private final DocumentLedger ledger;
    private final RollingProperties properties;

    RollingBatchCloser(JdbcClient jdbc, DocumentLedger ledger, RollingProperties properties) {
        super("rolling-batch-closer", properties.closeInterval());
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.properties = properties;
    }

    @Override
    protected void runOnce() {
        closeEndedWindows();
    }

    /** @return the batches closed by this call */
    List<UUID> closeEndedWindows() {
        List<UUID> closed = jdbc.sql("""
                        UPDATE batch SET listing_complete = true, listed_at = now()
                         WHERE rolling_source IS NOT NULL AND NOT listing_complete
                           AND rolling_until <= now() - make_interval(secs => :grace)
                     RETURNING id""")
                .param("grace", properties.closeAfter().toSeconds())
                .query(UUID.class)
                .list();
        for (UUID batch : closed) {
            boolean completed = ledger.completeBatchIfDone(batch);
            log.info("Rolling batch {} closed: its window is over{}", batch, completed ? "; every document was done, so it completed" : "");
        }
        return closed;
    }
}
