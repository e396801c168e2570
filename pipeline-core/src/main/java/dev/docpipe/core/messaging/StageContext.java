package dev.docpipe.core.messaging;

import dev.docpipe.core.audit.Outcome;
import java.util.UUID;

/**
 * What the work class can add to the audit row the listener machinery writes for the current
 * message, without knowing about messages: a note ("class=LARGE pages=25"), that the delivery
 * was a duplicate whose effect was already recorded, or that the work was deferred.
 */
public final class StageContext {

    private static final ThreadLocal<MessageRun> CURRENT = new ThreadLocal<>();

    private StageContext() {}

    public static void note(String detail) {
        MessageRun run = CURRENT.get();
        if (run != null) {
            run.note = run.note == null ? detail : run.note + "; " + detail;
        }
    }

    public static void duplicate(String detail) {
        outcome(Outcome.DUPLICATE, detail);
    }

    /**
     * The batch of the current message, when the work has read it anyway and the message does not
     * carry it: spares the audit row a lookup of its own.
     */
    public static void batch(UUID batchId) {
        MessageRun run = CURRENT.get();
        if (run != null) {
            run.batchId = batchId;
        }
    }

    /** The work was deferred: a delayed copy of the message is queued, and this one is done with. */
    public static void requeued(String detail) {
        outcome(Outcome.REQUEUED, detail);
    }

    private static void outcome(Outcome outcome, String detail) {
        MessageRun run = CURRENT.get();
        if (run != null) {
            run.outcome = outcome;
        }
        note(detail);
    }

    static void bind(MessageRun run) {
        CURRENT.set(run);
    }

    static void clear() {
        CURRENT.remove();
    }
}
