package dev.docpipe.runner;

import tools.jackson.databind.JsonNode;

/** A batch report from the API, as text for a terminal. */
final class ReportText {

    private ReportText() {}

    static String of(JsonNode report) {
        StringBuilder out = new StringBuilder();
        JsonNode d = report.path("documents");
        JsonNode p = report.path("pages");
        out.append("batch %s  %s  model %s  %.1f s%n".formatted(report.path("batchId").asString(), report.path("status").asString(),
                report.path("model").asString(), report.path("elapsedSeconds").asDouble()));
        out.append("documents  %d listed, %d completed, %d failed, %d cancelled, %d in flight%n".formatted(d.path("listed").asLong(),
                d.path("completed").asLong(), d.path("failed").asLong(), d.path("cancelled").asLong(), d.path("inFlight").asLong()));
        out.append("pages      %d total, %d inferred, %d failed, %d quarantined, %.2f pages/s%n".formatted(p.path("total").asLong(),
                p.path("inferred").asLong(), p.path("failed").asLong(), p.path("quarantined").asLong(), p.path("perSecond").asDouble()));
        JsonNode cost = report.path("cost");
        if (cost.isObject()) {
            out.append("cost       $%.2f estimated ($%.4f per 1,000 pages; prices as of %s)%n".formatted(cost.path("total").asDouble(),
                    cost.path("perThousandPages").asDouble(), cost.path("pricesAsOf").asString()));
        }
        if (!report.path("failures").isEmpty()) {
            out.append("failures%n".formatted());
            for (JsonNode f : report.path("failures")) {
                out.append("  %-8s %-22s %-16s %d%n".formatted(f.path("scope").asString(), f.path("reason").asString(),
                        f.path("stage").asString(""), f.path("count").asLong()));
            }
        }
        if (!report.path("features").isEmpty()) {
            out.append("features                     pages with / without%n".formatted());
            for (JsonNode f : report.path("features")) {
                out.append("  %-26s %10d / %d%n".formatted(f.path("feature").asString(), f.path("pagesWith").asLong(),
                        f.path("pagesWithout").asLong()));
            }
        }
        JsonNode dimension = report.path("dimension");
        if (dimension.isObject()) {
            out.append("by %s%n".formatted(dimension.path("name").asString()));
            for (JsonNode v : dimension.path("values")) {
                out.append("  %-26s %6d documents  %6d completed  %6d failed  %8d pages%n".formatted(v.path("value").asString(),
                        v.path("documents").asLong(), v.path("completed").asLong(), v.path("failed").asLong(), v.path("pages").asLong()));
            }
        }
        if (!report.path("stages").isEmpty()) {
            out.append("time per stage             events   median ms   p95 ms%n".formatted());
            for (JsonNode s : report.path("stages")) {
                out.append("  %-22s %9d %11.0f %8.0f%n".formatted(s.path("stage").asString(), s.path("events").asLong(),
                        s.path("p50Ms").asDouble(), s.path("p95Ms").asDouble()));
            }
        }
        return out.toString();
    }
}
