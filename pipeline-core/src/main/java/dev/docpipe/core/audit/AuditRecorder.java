package dev.docpipe.core.audit;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes audit events in batches. Recording never blocks on the database: events go to a bounded
 * buffer that one writer thread drains into multi-row inserts, so a page costs a fraction of a
 * round trip. When the database is down the writer keeps the batch and retries; when the buffer is
 * full, recording waits (backpressure) rather than dropping rows. The buffer is flushed on
 * shutdown, after the listeners have stopped.
 */
public class AuditRecorder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditRecorder.class);
    private static final String INSERT = """
            INSERT INTO audit_event (batch_id, document_id, page_number, stage, outcome, service, attempt,
                                     duration_ms, detail, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final int BATCH_SIZE = 500;
    /**
     * How long the writer waits for more events after the first: under load, events arrive one
     * by one, and a few milliseconds turn a transaction per event into one per hundred.
     */
    private static final Duration LINGER = Duration.ofMillis(25);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final JdbcTemplate jdbc;
    private final String service;
    private final BlockingQueue<AuditEvent> buffer;
    private final Object flushed = new Object();
    private volatile boolean running;
    private volatile boolean writing;
    private Thread writer;

    public AuditRecorder(JdbcTemplate jdbc, String service, int capacity) {
        this.jdbc = jdbc;
        this.service = service;
        this.buffer = new ArrayBlockingQueue<>(capacity);
    }

    public void record(AuditEvent event) {
        try {
            if (!buffer.offer(event, 30, TimeUnit.SECONDS)) {
                log.error("Audit buffer full for 30 s (database unreachable?); event written synchronously");
                write(List.of(event));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            write(List.of(event));
        }
    }

    /** Waits until every event recorded so far is in the database, or the timeout passes. */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (flushed) {
            while (!buffer.isEmpty() || writing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    flushed.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private void drain() {
        List<AuditEvent> batch = new ArrayList<>(BATCH_SIZE);
        while (running || !buffer.isEmpty()) {
            try {
                AuditEvent first = buffer.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                writing = true;
                batch.add(first);
                long lingerEnd = System.nanoTime() + LINGER.toNanos();
                buffer.drainTo(batch, BATCH_SIZE - batch.size());
                while (batch.size() < BATCH_SIZE && running) {
                    AuditEvent next = buffer.poll(lingerEnd - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    buffer.drainTo(batch, BATCH_SIZE - batch.size());
                }
                writeUntilDone(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                writing = false;
                synchronized (flushed) {
                    flushed.notifyAll();
                }
            }
        }
    }

    private void writeUntilDone(List<AuditEvent> batch) throws InterruptedException {
        while (true) {
            try {
                write(batch);
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    log.error("Dropping {} audit events at shutdown: {}", batch.size(), e.getMessage());
                    return;
                }
                log.warn("Audit write of {} events failed, retrying: {}", batch.size(), e.getMessage());
                Thread.sleep(RETRY_PAUSE.toMillis());
            }
        }
    }

    private void write(List<AuditEvent> events) {
        jdbc.batchUpdate(INSERT, events, events.size(), (ps, e) -> {
            ps.setObject(1, e.batchId(), Types.OTHER);
            ps.setObject(2, e.documentId(), Types.OTHER);
            ps.setInt(3, e.pageNumber());
            ps.setString(4, e.stage().name());
            ps.setString(5, e.outcome().name());
            ps.setString(6, service);
            ps.setInt(7, e.attempt());
            ps.setLong(8, e.duration().toMillis());
            ps.setString(9, e.detail());
            ps.setTimestamp(10, Timestamp.from(e.at()));
        });
    }

    @Override
    public void start() {
        running = true;
        writer = Thread.ofPlatform().name("audit-writer").daemon().start(this::drain);
    }

    @Override
    public void stop() {
        flush(Duration.ofSeconds(10));
        running = false;
        try {
            writer.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the SQS listener containers (which stop at a higher phase), so their last events land. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
