package dev.docpipe.core.messaging;

import dev.docpipe.core.audit.Outcome;

/**
 * What the work class can add to the audit row the listener machinery writes for the current
 * message, without knowing about messages: a note ("class=LARGE pages=25"), or that the delivery
 * was a duplicate whose effect was already recorded.
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
        MessageRun run = CURRENT.get();
        if (run != null) {
            run.outcome = Outcome.DUPLICATE;
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
