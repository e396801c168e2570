package dev.docpipe.ingestion.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A report as CSV in long form, one figure per row ({@code section,name,detail,value}), so a
 * spreadsheet or BI tool can pivot it without knowing its sections in advance. Text fields are
 * quoted when needed, and a field that a spreadsheet would run as a formula is prefixed with
 * {@code '}.
 */
final class ReportCsv {

    private ReportCsv() {}

    static String of(BatchReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"section", "name", "detail", "value"});
        rows.add(row("batch", "status", "", report.status()));
        rows.add(row("batch", "model", "", report.model()));
        rows.add(row("batch", "elapsed_seconds", "", report.elapsedSeconds()));
        BatchReport.Documents d = report.documents();
        rows.add(row("documents", "listed", "", d.listed()));
        rows.add(row("documents", "completed", "", d.completed()));
        rows.add(row("documents", "failed", "", d.failed()));
        rows.add(row("documents", "cancelled", "", d.cancelled()));
        rows.add(row("documents", "in_flight", "", d.inFlight()));
        BatchReport.Pages p = report.pages();
        rows.add(row("pages", "total", "", p.total()));
        rows.add(row("pages", "inferred", "", p.inferred()));
        rows.add(row("pages", "failed", "", p.failed()));
        rows.add(row("pages", "quarantined", "", p.quarantined()));
        rows.add(row("pages", "per_second", "", p.perSecond()));
        for (BatchReport.Failure f : report.failures()) {
            rows.add(row("failures_" + f.scope(), f.reason(), f.stage(), f.count()));
        }
        for (BatchReport.Feature f : report.features()) {
            rows.add(row("features", f.feature(), "pages_with", f.pagesWith()));
            rows.add(row("features", f.feature(), "pages_without", f.pagesWithout()));
        }
        if (report.dimension() != null) {
            for (BatchReport.DimensionValue v : report.dimension().values()) {
                String section = "dimension_" + report.dimension().name();
                rows.add(row(section, v.value(), "documents", v.documents()));
                rows.add(row(section, v.value(), "completed", v.completed()));
                rows.add(row(section, v.value(), "failed", v.failed()));
                rows.add(row(section, v.value(), "pages", v.pages()));
            }
        }
        for (BatchReport.Minute m : report.throughput()) {
            rows.add(row("throughput", m.minute().toString(), "pages", m.pages()));
        }
        for (BatchReport.StageLatency s : report.stages()) {
            rows.add(row("stages", s.stage(), "events", s.events()));
            rows.add(row("stages", s.stage(), "p50_ms", s.p50Ms()));
            rows.add(row("stages", s.stage(), "p95_ms", s.p95Ms()));
        }
        if (report.cost() != null) {
            rows.add(row("cost", "total_usd", "", report.cost().total()));
            report.cost().breakdown().forEach((part, usd) -> rows.add(row("cost", part, "usd", usd)));
        }
        StringBuilder csv = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                csv.append(i == 0 ? "" : ",").append(field(r[i]));
            }
            csv.append("\r\n");
        }
        return csv.toString();
    }

    private static String[] row(String section, String name, String detail, Object value) {
        return new String[] {section, name == null ? "" : name, detail == null ? "" : detail, value == null ? "" : value.toString()};
    }

    static String field(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 && !isNumber(value) ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    private static boolean isNumber(String value) {
        try {
            Double.parseDouble(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
