package dev.docpipe.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The command line of {@code docpipe run}. */
record RunArguments(List<Path> files, Map<String, Object> options, Duration timeout) {

    static final String USAGE = """
            usage: docpipe run [--dpi N] [--model NAME] [--backend NAME] [--annotate] [--timeout DURATION] PATH...
              PATH       PDF or image files, or folders of them
              --dpi      rendering resolution (default 150)
              --model    model endpoint name (default docpipe-ocr)
              --backend  sagemaker, textract or textract-async (default sagemaker); all answered by the local model
              --annotate also store each page with the model's boxes drawn on it (annotated/<document>/<page>.png)
              --timeout  how long to wait for the batch, e.g. 30m (default 30m)""";

    static RunArguments parse(String[] args) {
        List<Path> paths = new ArrayList<>();
        Map<String, Object> options = new LinkedHashMap<>();
        Duration timeout = LocalRunner.defaultTimeout();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "run" -> { /* the verb of the docpipe script */ }
                case "--dpi" -> options.put("dpi", Integer.parseInt(value(args, ++i, "--dpi")));
                case "--model" -> options.put("model", value(args, ++i, "--model"));
                case "--backend" -> options.put("backend", value(args, ++i, "--backend"));
                case "--annotate" -> options.put("annotate", true);
                case "--timeout" -> timeout = Duration.parse("PT" + value(args, ++i, "--timeout").toUpperCase());
                case "-h", "--help" -> throw new IllegalArgumentException("help");
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    paths.add(Path.of(args[i]));
                }
            }
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no files given");
        }
        try {
            List<Path> files = LocalRunner.expand(paths);
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no files under " + paths);
            }
            return new RunArguments(files, options, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
