package dev.docpipe.core.control;

import java.util.Optional;
import java.util.UUID;

/** Thrown before a message's work starts when its batch is paused or cancelled. */
public class BatchHeldException extends RuntimeException {

    private final UUID batchId;
    private final BatchHold hold;

    public BatchHeldException(UUID batchId, BatchHold hold) {
        super("batch %s is %s".formatted(batchId, hold.name().toLowerCase()), null, false, false);
        this.batchId = batchId;
        this.hold = hold;
    }

    public UUID batchId() {
        return batchId;
    }

    public BatchHold hold() {
        return hold;
    }

    /** The hold somewhere in a failure's causes (the listener container wraps what it is given). */
    public static Optional<BatchHeldException> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BatchHeldException held) {
                return Optional.of(held);
            }
        }
        return Optional.empty();
    }
}
