package dev.docpipe.core.testapp;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.core.failure.DocumentRejectedException;
import dev.docpipe.core.ledger.DocumentLedger;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Work whose behaviour a test scripts per document, recording every delivery's receive count. */
@Component
public class ScriptedWork {

    public enum Step { SUCCEED, FAIL, ALWAYS_FAIL, REJECT, SLOW, EFFECT }

    /**
     * A system property naming a document: the worker records that document's page, then dies at
     * once (as kill -9 would), before its message is acknowledged. For a worker in a child process.
     */
    public static final String DIE_AFTER_EFFECT = "test.die-after-effect";

    public static final Duration SLOW = Duration.ofSeconds(6);

    private final Map<UUID, Deque<Step>> scripts = new ConcurrentHashMap<>();
    private final DocumentLedger ledger;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    ScriptedWork(DocumentLedger ledger, JdbcClient jdbc, TransactionTemplate tx) {
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.tx = tx;
    }
    private final Map<UUID, List<Integer>> deliveries = new ConcurrentHashMap<>();

    public void script(UUID document, Step... steps) {
        scripts.put(document, new ArrayDeque<>(List.of(steps)));
    }

    public List<Integer> deliveries(UUID document) {
        return List.copyOf(deliveries.getOrDefault(document, List.of()));
    }

    void handle(UUID document, int receiveCount) {
        deliveries.computeIfAbsent(document, d -> new CopyOnWriteArrayList<>()).add(receiveCount);
        if (document.toString().equals(System.getProperty(DIE_AFTER_EFFECT))) {
            recordPage(document);
            Runtime.getRuntime().halt(137);
        }
        Deque<Step> script = scripts.getOrDefault(document, new ArrayDeque<>());
        Step step = script.peek() == Step.ALWAYS_FAIL ? Step.ALWAYS_FAIL : script.isEmpty() ? Step.SUCCEED : script.poll();
        switch (step) {
            case SUCCEED -> { }
            case FAIL, ALWAYS_FAIL -> throw new IllegalStateException("transient fault, delivery " + receiveCount);
            case REJECT -> throw new DocumentRejectedException(FailureReason.CORRUPT, "scripted corrupt document");
            case SLOW -> sleep();
            case EFFECT -> recordPage(document);
        }
    }

    /** The stage's effect, as a real stage writes it: the page's row decides, and only a new row counts the page. */
    private void recordPage(UUID document) {
        tx.executeWithoutResult(status -> {
            int inserted = jdbc.sql("INSERT INTO page (document_id, page_number, status) VALUES (:id, 1, 'INFERRED') ON CONFLICT DO NOTHING")
                    .param("id", document)
                    .update();
            if (inserted == 1) {
                ledger.pageDone(document);
            }
        });
    }

    private static void sleep() {
        try {
            Thread.sleep(SLOW);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
