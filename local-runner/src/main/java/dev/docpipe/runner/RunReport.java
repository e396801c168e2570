package dev.docpipe.runner;

import dev.docpipe.runner.RunStatistics.DocumentOutcome;
import dev.docpipe.runner.RunStatistics.Hold;
import dev.docpipe.runner.RunStatistics.Outcome;
import dev.docpipe.runner.RunStatistics.Pages;
import dev.docpipe.runner.RunStatistics.StageTimes;
import java.io.PrintStream;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;

/**
 * The closing report of a run: totals and throughput, documents by outcome and reason, pages, the
 * longest any document or page held a worker, and the documents themselves: all of them for a
 * small run, a few failed ones of each reason for a large one, so a corpus run stays readable.
 */
final class RunReport {

    /** Up to this many documents the report lists every one; beyond, only a sample of the failures. */
    static final int TABLE_LIMIT = 50;
    private static final int FAILURES_PER_REASON = 10;
    private static final int LONGEST = 5;
    private static final int DETAIL_WIDTH = 110;

    private final DataSource dataSource;
    private final PrintStream out;

    RunReport(DataSource dataSource, PrintStream out) {
        this.dataSource = dataSource;
        this.out = out;
    }

    void print(JsonNode batch) {
        RunStatistics stats = new RunStatistics(dataSource, UUID.fromString(batch.path("id").asString()));
        JsonNode d = batch.path("documents");
        out.println();
        out.printf("Batch %s: %s%n", batch.path("id").asString(), batch.path("status").asString());
        out.printf("  documents  %d listed, %d completed, %d failed, %d in flight%n",
                d.path("listed").asInt(), d.path("completed").asInt(), d.path("failed").asInt(), d.path("inFlight").asInt());
        printPages(stats.pages());
        out.printf("  time       %.1f s, %.2f pages/s%n",
                batch.path("throughput").path("elapsedSeconds").asDouble(), batch.path("throughput").path("pagesPerSecond").asDouble());
        printOutcomes(stats.outcomes());
        printHolds(stats.longestHolds(LONGEST));
        printStageTimes(stats.stageTimes());
        printDocuments(stats, d.path("listed").asInt());
    }

    private void printPages(Pages pages) {
        out.printf("  pages      %d inferred of %d; %d failed in a page stage; %d not done in failed documents%n",
                pages.inferred(), pages.total(), pages.failed(), pages.abandoned());
    }

    private void printOutcomes(List<Outcome> outcomes) {
        out.println();
        out.printf("  %-10s %-20s %-15s %9s%n", "outcome", "reason", "stage", "documents");
        for (Outcome o : outcomes) {
            out.printf("  %-10s %-20s %-15s %9d%n", o.status(), o.reason(), o.stage(), o.documents());
        }
    }

    private void printHolds(List<Hold> holds) {
        out.println();
        out.println("  longest holds of a worker (one stage of one document or page, from the audit trail)");
        for (Hold h : holds) {
            out.printf("  %8.1f s  %-14s %-9s %s%s (attempt %d)  %s%n", h.millis() / 1000.0, h.stage(), h.outcome(),
                    shortKey(h.key()), h.page() > 0 ? " page " + h.page() : "", h.attempt(), clip(h.detail()));
        }
    }

    private void printStageTimes(List<StageTimes> stages) {
        out.println();
        out.printf("  %-15s %7s %9s %9s %9s  %s%n", "stage", "rows", "p50", "p95", "max", "held longest by");
        for (StageTimes s : stages) {
            out.printf("  %-15s %7d %7.2f s %7.2f s %7.2f s  %s%s%n", s.stage(), s.rows(), s.p50Millis() / 1000.0,
                    s.p95Millis() / 1000.0, s.maxMillis() / 1000.0, shortKey(s.longestKey()),
                    s.longestPage() > 0 ? " page " + s.longestPage() : "");
        }
    }

    private void printDocuments(RunStatistics stats, int listed) {
        out.println();
        List<DocumentOutcome> documents;
        if (listed <= TABLE_LIMIT) {
            documents = stats.documents(TABLE_LIMIT);
        } else {
            documents = stats.failures(FAILURES_PER_REASON);
            out.printf("  failed documents, at most %d per reason (%d of %d shown; the run's database holds every one)%n",
                    FAILURES_PER_REASON, documents.size(), stats.documents("FAILED"));
        }
        out.printf("  %-10s %-7s %11s  %s%n", "status", "class", "pages done", "document: detail");
        for (DocumentOutcome doc : documents) {
            out.printf("  %-10s %-7s %11s  %s%s%n", doc.status(), doc.documentClass(), doc.pagesDone() + "/" + doc.pages(),
                    shortKey(doc.key()), doc.detail().isEmpty() ? "" : ": " + clip(doc.detail()));
        }
    }

    /** The key without the run's own prefix. */
    private static String shortKey(String key) {
        return key.substring(key.indexOf('/') + 1);
    }

    private static String clip(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= DETAIL_WIDTH ? line : line.substring(0, DETAIL_WIDTH - 3) + "...";
    }
}
