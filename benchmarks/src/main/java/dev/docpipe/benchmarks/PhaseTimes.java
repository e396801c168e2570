package dev.docpipe.benchmarks;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the dispatcher's time goes: for each phase (a model call, an S3 read, an SQL statement, an
 * SQS call), how many calls, how long they took and how many items they carried, split by whether
 * the call ran inside the handling of a message (on a listener thread) or elsewhere (the poller,
 * the acknowledgement batches, the audit writer). Recorded only while {@link #recording(boolean)}
 * is on, so the direct loop's calls through the same client are left out.
 */
final class PhaseTimes {

    /** The whole handling of one message, from the interceptor's start to its end. */
    static final String MESSAGE = "whole message (interceptor to interceptor)";

    /** One phase's totals. */
    record Phase(String name, boolean inMessage, long calls, long nanos, long items) {

        double millisPerCall() {
            return calls == 0 ? 0 : nanos / 1e6 / calls;
        }
    }

    private record Key(String name, boolean inMessage) {}

    private record Tally(LongAdder calls, LongAdder nanos, LongAdder items) {
        Tally() {
            this(new LongAdder(), new LongAdder(), new LongAdder());
        }
    }

    private final Map<Key, Tally> tallies = new ConcurrentHashMap<>();
    private final ThreadLocal<Long> messageStart = new ThreadLocal<>();
    private volatile boolean recording;

    void recording(boolean on) {
        recording = on;
    }

    /** Whether the current thread is handling a message; asked when a call starts. */
    boolean inMessage() {
        return messageStart.get() != null;
    }

    void record(String phase, boolean inMessage, long nanos, long items) {
        if (!recording) {
            return;
        }
        Tally tally = tallies.computeIfAbsent(new Key(phase, inMessage), k -> new Tally());
        tally.calls.increment();
        tally.nanos.add(nanos);
        tally.items.add(items);
    }

    void messageStarted() {
        messageStart.set(System.nanoTime());
    }

    void messageEnded() {
        Long start = messageStart.get();
        messageStart.remove();
        if (start != null) {
            record(MESSAGE, true, System.nanoTime() - start, 1);
        }
    }

    /** Every phase so far, the longest first within each side. */
    List<Phase> phases() {
        return tallies.entrySet().stream()
                .map(e -> new Phase(e.getKey().name(), e.getKey().inMessage(), e.getValue().calls.sum(), e.getValue().nanos.sum(),
                        e.getValue().items.sum()))
                .sorted(Comparator.comparing(Phase::inMessage).reversed().thenComparing(Comparator.comparingLong(Phase::nanos).reversed()))
                .toList();
    }
}
