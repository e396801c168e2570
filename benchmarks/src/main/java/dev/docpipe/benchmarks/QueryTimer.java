package dev.docpipe.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Times a query bound to one batch ({@code :id}): a few untimed runs, then the median and the slowest of the timed ones. */
final class QueryTimer {

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final UUID batch;
    private final int runs;

    QueryTimer(JdbcTemplate jdbc, UUID batch, int runs) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.batch = batch;
        this.runs = runs;
    }

    /** @return the median in milliseconds */
    double time(String name, String sql) {
        MapSqlParameterSource id = new MapSqlParameterSource("id", batch);
        for (int i = 0; i < 3; i++) {
            named.queryForList(sql, id);
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            named.queryForList(sql, id);
            millis.add((System.nanoTime() - start) / 1e6);
        }
        double median = Figures.median(millis, Double::doubleValue);
        System.out.printf("  %-58s median %9.2f ms, slowest %9.2f ms (%d runs)%n", name, median,
                millis.stream().mapToDouble(Double::doubleValue).max().orElse(0), runs);
        return median;
    }

    List<String> explain(String sql) {
        String literal = sql.replaceAll("(?<!:):id\\b", "'" + batch + "'::uuid");
        return jdbc.queryForList("EXPLAIN (ANALYZE, BUFFERS) " + literal, String.class);
    }
}
