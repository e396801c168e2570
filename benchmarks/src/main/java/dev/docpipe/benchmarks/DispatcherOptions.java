package dev.docpipe.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link DispatcherBenchmark} measures and how.
 *
 * @param pages             pages per round, for each side
 * @param pagesPerDocument  pages per document (the last document of a round may have fewer)
 * @param rounds            timed rounds; medians are reported
 * @param warmUpRounds      untimed rounds first, so both sides are compiled and their pools are warm
 * @param concurrency       listener threads of the dispatcher, and threads of the direct loop
 * @param dispatcherProperties extra settings for the dispatcher, to try a change without a rebuild
 */
record DispatcherOptions(int pages, int pagesPerDocument, int rounds, int warmUpRounds, int concurrency,
        Map<String, String> dispatcherProperties) {

    static final String USAGE = """
            usage: DispatcherBenchmark [--pages N] [--rounds N] [--warm-up N] [--concurrency N]
                                       [--pages-per-document N] [--set key=value]...
              --pages N               pages per round and side (default 2000)
              --rounds N              timed rounds, each side once per round, the side going first alternating (default 5)
              --warm-up N             untimed rounds first (default 2)
              --concurrency N         the dispatcher's listener threads and the direct loop's threads (default 10,
                                      the dispatcher's own setting)
              --pages-per-document N  pages of each CLASSIFIED document (default 10)
              --set key=value         a setting for the dispatcher, e.g.
                                      --set spring.cloud.aws.sqs.listener.max-messages-per-poll=5""";

    static DispatcherOptions parse(String... args) {
        int pages = 2000;
        int pagesPerDocument = 10;
        int rounds = 5;
        int warmUp = 2;
        int concurrency = 10;
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            String value = args[++i];
            switch (arg) {
                case "--pages" -> pages = positive(arg, value);
                case "--pages-per-document" -> pagesPerDocument = positive(arg, value);
                case "--rounds" -> rounds = positive(arg, value);
                case "--warm-up" -> warmUp = Integer.parseInt(value);
                case "--concurrency" -> concurrency = positive(arg, value);
                case "--set" -> {
                    int equals = value.indexOf('=');
                    if (equals < 1) {
                        throw new IllegalArgumentException("--set needs key=value, got " + value);
                    }
                    properties.put(value.substring(0, equals), value.substring(equals + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new DispatcherOptions(pages, pagesPerDocument, rounds, Math.max(0, warmUp), concurrency, Map.copyOf(properties));
    }

    private static int positive(String option, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return n;
    }
}
