package dev.docpipe.core.audit;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
    /**
     * One statement per batch of events, the columns as arrays: one round trip and one plan for
     * hundreds of rows, where a JDBC batch still executes a statement per row. Rows are routed to
     * their batch's partition by the database.
     */
    private static final String INSERT = """
            INSERT INTO audit_event (batch_id, document_id, page_number, stage, outcome, service, attempt,
                                     duration_ms, detail, created_at)
            SELECT b, d, p, s, o, ?, a, ms, detail, at
              FROM unnest(?::uuid[], ?::uuid[], ?::int[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[], ?::timestamptz[])
                   AS e(b, d, p, s, o, a, ms, detail, at)""";
    private static final int BATCH_SIZE = 2000;
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
        int n = events.size();
        UUID[] batches = new UUID[n];
        UUID[] documents = new UUID[n];
        Integer[] pages = new Integer[n];
        String[] stages = new String[n];
        String[] outcomes = new String[n];
        Integer[] attempts = new Integer[n];
        Integer[] durations = new Integer[n];
        String[] details = new String[n];
        Timestamp[] times = new Timestamp[n];
        for (int i = 0; i < n; i++) {
            AuditEvent e = events.get(i);
            batches[i] = e.batchId();
            documents[i] = e.documentId();
            pages[i] = e.pageNumber();
            stages[i] = e.stage().name();
            outcomes[i] = e.outcome().name();
            attempts[i] = e.attempt();
            durations[i] = (int) Math.min(Integer.MAX_VALUE, e.duration().toMillis());
            details[i] = e.detail();
            times[i] = Timestamp.from(e.at());
        }
        jdbc.update(connection -> {
            PreparedStatement ps = connection.prepareStatement(INSERT);
            ps.setString(1, service);
            ps.setArray(2, connection.createArrayOf("uuid", batches));
            ps.setArray(3, connection.createArrayOf("uuid", documents));
            ps.setArray(4, connection.createArrayOf("int4", pages));
            ps.setArray(5, connection.createArrayOf("text", stages));
            ps.setArray(6, connection.createArrayOf("text", outcomes));
            ps.setArray(7, connection.createArrayOf("int4", attempts));
            ps.setArray(8, connection.createArrayOf("int4", durations));
            ps.setArray(9, connection.createArrayOf("text", details));
            ps.setArray(10, connection.createArrayOf("timestamptz", times));
            return ps;
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
