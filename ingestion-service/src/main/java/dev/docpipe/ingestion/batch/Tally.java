package dev.docpipe.ingestion.batch;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A batch's counters as read: one value per (metric, name), its shards already summed. */
public record Tally(List<Entry> entries) {

    public record Entry(String metric, String name, long value) {}

    public long value(String metric, String name) {
        return entries.stream().filter(e -> e.metric().equals(metric) && e.name().equals(name)).mapToLong(Entry::value).sum();
    }

    public long sum(String metric) {
        return entries.stream().filter(e -> e.metric().equals(metric)).mapToLong(Entry::value).sum();
    }

    /** The names of a metric with their values, in name order. */
    public Map<String, Long> names(String metric) {
        Map<String, Long> names = new TreeMap<>();
        entries.stream().filter(e -> e.metric().equals(metric)).forEach(e -> names.merge(e.name(), e.value(), Long::sum));
        return names;
    }
}
