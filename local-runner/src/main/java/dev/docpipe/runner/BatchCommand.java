package dev.docpipe.runner;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code docpipe status BATCH} and {@code docpipe report BATCH}: a running service's view of a
 * batch, over its API. The service's address comes from {@code --url} or {@code DOCPIPE_URL}
 * (default {@code http://127.0.0.1:8080}), the token from {@code --token} or
 * {@code DOCPIPE_API_TOKEN}.
 */
final class BatchCommand {

    static final String USAGE = """
            usage: docpipe status BATCH [--watch] [--url URL] [--token TOKEN]
                   docpipe report BATCH [--csv] [--by DIMENSION] [--url URL] [--token TOKEN]
              status  the batch's progress: a bar of pages done, pages/s and the time left;
                      --watch redraws it until the batch ends
              report  what the batch did: documents, pages, failures by reason, features,
                      time per stage; --csv prints the CSV report, --by adds a file-name dimension
            The service is DOCPIPE_URL (default http://127.0.0.1:8080); the token DOCPIPE_API_TOKEN.""";

    private BatchCommand() {}

    static int run(String command, String[] args, Map<String, String> environment, PrintStream out) {
        String batch = null;
        String url = environment.getOrDefault("DOCPIPE_URL", "http://127.0.0.1:8080");
        String token = environment.get("DOCPIPE_API_TOKEN");
        String by = null;
        boolean watch = false;
        boolean csv = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = value(args, ++i);
                case "--token" -> token = value(args, ++i);
                case "--by" -> by = value(args, ++i);
                case "--watch" -> watch = true;
                case "--csv" -> csv = true;
                default -> {
                    if (args[i].startsWith("-") || batch != null) {
                        throw new IllegalArgumentException("unexpected argument " + args[i]);
                    }
                    batch = args[i];
                }
            }
        }
        if (batch == null) {
            throw new IllegalArgumentException("name the batch");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no API token: pass --token or set DOCPIPE_API_TOKEN");
        }
        BatchClient client = new BatchClient(URI.create(url), token);
        return switch (command) {
            case "status" -> status(client, batch, watch, out);
            case "report" -> {
                out.print(csv ? client.reportCsv(batch, by) : ReportText.of(client.report(batch, by)));
                yield 0;
            }
            default -> throw new IllegalArgumentException("unknown command " + command);
        };
    }

    private static int status(BatchClient client, String batch, boolean watch, PrintStream out) {
        JsonNode view = client.batch(batch);
        boolean terminal = System.console() != null;
        while (watch && !BatchWatcher.ended(view)) {
            out.print(terminal ? "\r" + ProgressBar.of(view) : ProgressBar.of(view) + "\n");
            out.flush();
            sleep();
            view = client.batch(batch);
        }
        out.println((terminal && watch ? "\r" : "") + ProgressBar.of(view));
        return "FAILED".equals(view.path("status").asString()) ? 1 : 0;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void sleep() {
        try {
            Thread.sleep(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
