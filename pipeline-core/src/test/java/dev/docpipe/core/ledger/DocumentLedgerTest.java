package dev.docpipe.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.Stage;
import dev.docpipe.core.testapp.PipelineFixtures;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** State transitions happen once, whatever the number of deliveries, and counters follow them exactly. */
@PipelineInfrastructure
class DocumentLedgerTest {

    private JdbcClient jdbc;
    private DocumentLedger ledger;

    @BeforeEach
    void setUp(TestInfrastructure infra) {
        infra.resetState();
        jdbc = JdbcClient.create(infra.dataSource());
        ledger = new DocumentLedger(jdbc, new TransactionTemplate(new DataSourceTransactionManager(infra.dataSource())));
    }

    @Test
    void failingADocumentTwiceCountsItOnce() {
        UUID[] ids = PipelineFixtures.batchWithDocuments(2, 3);

        assertThat(ledger.fail(ids[1], Stage.CONVERSION, FailureReason.CORRUPT, "first")).isTrue();
        assertThat(ledger.fail(ids[1], Stage.FAILSAFE, FailureReason.RETRIES_EXHAUSTED, "second")).isFalse();

        assertThat(batch(ids[0])).isEqualTo("RUNNING 0 1");
        assertThat(jdbc.sql("SELECT failure_reason || ' ' || failure_detail FROM document WHERE id = :id").param("id", ids[1])
                .query(String.class).single()).isEqualTo("CORRUPT first");
    }

    @Test
    void aDocumentCompletesWithItsLastPageAndTheBatchWithItsLastDocument() {
        UUID[] ids = PipelineFixtures.batchWithDocuments(2, 3);

        assertThat(ledger.pageDone(ids[1])).isFalse();
        assertThat(ledger.pageDone(ids[1])).isFalse();
        assertThat(ledger.pageDone(ids[1])).isTrue();
        assertThat(ledger.pageDone(ids[1])).as("a page beyond the count changes nothing").isFalse();
        assertThat(batch(ids[0])).isEqualTo("RUNNING 1 0");

        ledger.fail(ids[2], Stage.INFERENCE, FailureReason.INFERENCE_REJECTED, "model said no");
        assertThat(batch(ids[0])).isEqualTo("COMPLETED 1 1");
        assertThat(ledger.fail(ids[1], Stage.FAILSAFE, FailureReason.RETRIES_EXHAUSTED, "late dead letter"))
                .as("a completed document stays completed").isFalse();
        assertThat(batch(ids[0])).isEqualTo("COMPLETED 1 1");
    }

    @Test
    void concurrentPageResultsCompleteTheDocumentExactlyOnce() throws Exception {
        UUID[] ids = PipelineFixtures.batchWithDocuments(1, 40);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            long completions = IntStream.range(0, 40)
                    .mapToObj(i -> pool.submit(() -> ledger.pageDone(ids[1])))
                    .toList().stream()
                    .filter(DocumentLedgerTest::get)
                    .count();
            assertThat(completions).isEqualTo(1);
        }
        assertThat(batch(ids[0])).isEqualTo("COMPLETED 1 0");
        assertThat(jdbc.sql("SELECT pages_done FROM document WHERE id = :id").param("id", ids[1]).query(Integer.class).single()).isEqualTo(40);
    }

    @Test
    void theCountersByStatusFollowEveryTransitionOnceUnderDuplicatesAndConcurrency() throws Exception {
        UUID[] ids = PipelineFixtures.batchWithDocuments(3, 20);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            // Every page of the first document delivered twice, from eight workers at once.
            IntStream.range(0, 40).mapToObj(i -> pool.submit(() -> ledger.pageDone(ids[1]))).toList().forEach(DocumentLedgerTest::get);
        }
        ledger.fail(ids[2], Stage.CONVERSION, FailureReason.CORRUPT, "first");
        ledger.fail(ids[2], Stage.FAILSAFE, FailureReason.RETRIES_EXHAUSTED, "a duplicate");
        ledger.pageFailed(ids[3], 1, Stage.INFERENCE, FailureReason.INFERENCE_REJECTED, "page one");
        ledger.pageFailed(ids[3], 1, Stage.INFERENCE, FailureReason.INFERENCE_REJECTED, "page one again");

        assertThat(tally(ids[0])).containsExactly(
                "bytes source 300",
                "documents CLASSIFIED 1", "documents COMPLETED 1", "documents FAILED 1",
                "failures CORRUPT@CONVERSION 1",
                "page_failures INFERENCE_REJECTED@INFERENCE 1", "page_status FAILED 1",
                "pages failed 1", "pages inferred 20", "pages total 60");
        // The counters agree with the rows they count.
        assertThat(jdbc.sql("""
                        SELECT count(*) FILTER (WHERE status = 'COMPLETED') || ' ' || sum(pages_done) || ' ' || sum(page_count)
                          FROM document WHERE batch_id = :id""").param("id", ids[0]).query(String.class).single())
                .isEqualTo("1 20 60");
    }

    @Test
    void aBatchWhoseListingIsStillRunningDoesNotComplete() {
        UUID[] ids = PipelineFixtures.batchWithDocuments(1, 1);
        jdbc.sql("UPDATE batch SET status = 'LISTING', listing_complete = false WHERE id = :id").param("id", ids[0]).update();

        ledger.pageDone(ids[1]);
        assertThat(batch(ids[0])).isEqualTo("LISTING 1 0");

        jdbc.sql("UPDATE batch SET status = 'RUNNING', listing_complete = true WHERE id = :id").param("id", ids[0]).update();
        assertThat(ledger.completeBatchIfDone(ids[0])).isTrue();
        assertThat(batch(ids[0])).isEqualTo("COMPLETED 1 0");
    }

    @Test
    void aDocumentWithSomeFailedPagesCompletesAndSaysHowManyFailed() {
        UUID[] ids = PipelineFixtures.batchWithDocuments(1, 3);

        assertThat(ledger.pageFailed(ids[1], 2, Stage.CONVERSION, FailureReason.TIMEOUT, "render took too long")).isTrue();
        assertThat(ledger.pageFailed(ids[1], 2, Stage.FAILSAFE, FailureReason.CORRUPT, "again")).as("a page fails once").isFalse();
        assertThat(ledger.pageDone(ids[1])).isFalse();
        assertThat(ledger.pageDone(ids[1])).as("two done and one failed account for all three").isTrue();

        assertThat(jdbc.sql("SELECT concat_ws(' ', status, pages_done, pages_failed, failure_reason, failure_detail) FROM document WHERE id = :id")
                .param("id", ids[1]).query(String.class).single()).isEqualTo("COMPLETED 2 1 1 of 3 pages failed");
        assertThat(jdbc.sql("SELECT concat_ws(' ', status, failure_reason, failure_stage) FROM page WHERE document_id = :id AND page_number = 2")
                .param("id", ids[1]).query(String.class).single()).isEqualTo("FAILED TIMEOUT CONVERSION");
        assertThat(batch(ids[0])).isEqualTo("COMPLETED 1 0");
    }

    @Test
    void aDocumentWhosePagesAllFailedFailsWithTheLastReason() {
        UUID[] ids = PipelineFixtures.batchWithDocuments(1, 2);

        ledger.pageFailed(ids[1], 1, Stage.FAILSAFE, FailureReason.CORRUPT, "page 1 unreadable");
        assertThat(batch(ids[0])).isEqualTo("RUNNING 0 0");
        ledger.pageFailed(ids[1], 2, Stage.FAILSAFE, FailureReason.PAGE_TOO_LARGE, "page 2 too large");

        assertThat(jdbc.sql("SELECT concat_ws(' ', status, failure_reason, failure_stage) FROM document WHERE id = :id")
                .param("id", ids[1]).query(String.class).single()).isEqualTo("FAILED PAGE_TOO_LARGE FAILSAFE");
        assertThat(batch(ids[0])).isEqualTo("COMPLETED 0 1");
        assertThat(ledger.pageDone(ids[1])).as("a late result changes nothing").isFalse();
    }

    @Test
    void anInferredPageCannotFailAfterwards() {
        UUID[] ids = PipelineFixtures.batchWithDocuments(1, 2);
        jdbc.sql("INSERT INTO page (document_id, page_number, status) VALUES (:id, 1, 'INFERRED')").param("id", ids[1]).update();

        assertThat(ledger.pageFailed(ids[1], 1, Stage.FAILSAFE, FailureReason.RETRIES_EXHAUSTED, "late")).isFalse();
        assertThat(jdbc.sql("SELECT pages_failed FROM document WHERE id = :id").param("id", ids[1]).query(Integer.class).single()).isZero();
    }

    /** The batch's counters, shards summed: "metric name value", zero values left out. */
    private List<String> tally(UUID batchId) {
        return jdbc.sql("""
                        SELECT metric || ' ' || name || ' ' || sum(value) FROM batch_tally WHERE batch_id = :id
                         GROUP BY metric, name HAVING sum(value) <> 0 ORDER BY metric, name""")
                .param("id", batchId).query(String.class).list();
    }

    private String batch(UUID id) {
        return jdbc.sql("SELECT status || ' ' || completed_count || ' ' || failed_count FROM batch WHERE id = :id")
                .param("id", id).query(String.class).single();
    }

    private static boolean get(Future<Boolean> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
