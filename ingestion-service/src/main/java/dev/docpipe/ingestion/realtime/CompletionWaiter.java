package dev.docpipe.ingestion.realtime;

import dev.docpipe.core.schedule.PeriodicTask;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells waiting requests when their document is terminal. No request holds a thread or a
 * database connection while it waits: each registers here, and one timer looks up every waited-for
 * document in a single indexed query per {@code poll-interval} (none while nobody waits), so the
 * database sees at most ten small queries a second however many clients wait, and a result is
 * seen at most one interval after it is committed.
 */
@Component
class CompletionWaiter extends PeriodicTask {

    private record Waiter(UUID documentId, Instant deadline, CompletableFuture<Boolean> done) {}

    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicLong lookups = new AtomicLong();
    private final JdbcClient jdbc;

    CompletionWaiter(JdbcClient jdbc, RealtimeProperties properties) {
        super("realtime-waiter", properties.pollInterval());
        this.jdbc = jdbc;
    }

    /**
     * @return completes with true once the document is COMPLETED or FAILED, with false when the
     *     wait is over first; cancelling it stops the wait
     */
    CompletableFuture<Boolean> await(UUID documentId, Duration wait) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        waiters.add(new Waiter(documentId, Instant.now().plus(wait), done));
        return done;
    }

    /** How many lookups ran so far: one per interval while anyone waits. */
    long lookups() {
        return lookups.get();
    }

    @Override
    protected void runOnce() {
        waiters.removeIf(w -> w.done().isDone());
        if (waiters.isEmpty()) {
            return;
        }
        List<Waiter> current = List.copyOf(waiters);
        Set<String> ids = new HashSet<>();
        current.forEach(w -> ids.add(w.documentId().toString()));
        lookups.incrementAndGet();
        Set<UUID> terminal = Set.of();
        RuntimeException failure = null;
        try {
            terminal = new HashSet<>(jdbc.sql("""
                            SELECT id FROM document
                             WHERE id = ANY(CAST(:ids AS uuid[])) AND status IN ('COMPLETED', 'FAILED')""")
                    .param("ids", ids.toArray(String[]::new))
                    .query(UUID.class)
                    .list());
        } catch (RuntimeException e) {
            // The database is away: waits still end on time (the client gets 202 and asks later).
            failure = e;
        }
        Instant now = Instant.now();
        for (Waiter waiter : current) {
            if (terminal.contains(waiter.documentId())) {
                waiter.done().complete(true);
            } else if (!now.isBefore(waiter.deadline())) {
                waiter.done().complete(false);
            }
        }
        if (failure != null) {
            throw failure;
        }
        waiters.removeIf(w -> w.done().isDone());
    }
}
