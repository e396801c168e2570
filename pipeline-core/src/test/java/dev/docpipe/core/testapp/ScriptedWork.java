package dev.docpipe.core.testapp;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.core.failure.DocumentRejectedException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** Work whose behaviour a test scripts per document, recording every delivery's receive count. */
@Component
public class ScriptedWork {

    public enum Step { SUCCEED, FAIL, ALWAYS_FAIL, REJECT, SLOW }

    public static final Duration SLOW = Duration.ofSeconds(6);

    private final Map<UUID, Deque<Step>> scripts = new ConcurrentHashMap<>();
    private final Map<UUID, List<Integer>> deliveries = new ConcurrentHashMap<>();

    public void script(UUID document, Step... steps) {
        scripts.put(document, new ArrayDeque<>(List.of(steps)));
    }

    public List<Integer> deliveries(UUID document) {
        return List.copyOf(deliveries.getOrDefault(document, List.of()));
    }

    void handle(UUID document, int receiveCount) {
        deliveries.computeIfAbsent(document, d -> new CopyOnWriteArrayList<>()).add(receiveCount);
        Deque<Step> script = scripts.getOrDefault(document, new ArrayDeque<>());
        Step step = script.peek() == Step.ALWAYS_FAIL ? Step.ALWAYS_FAIL : script.isEmpty() ? Step.SUCCEED : script.poll();
        switch (step) {
            case SUCCEED -> { }
            case FAIL, ALWAYS_FAIL -> throw new IllegalStateException("transient fault, delivery " + receiveCount);
            case REJECT -> throw new DocumentRejectedException(FailureReason.CORRUPT, "scripted corrupt document");
            case SLOW -> sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(SLOW);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
