package dev.docpipe.runner;

import dev.docpipe.embedded.InfrastructureEndpoints;
import dev.docpipe.embedded.LocalInfrastructure;
import dev.docpipe.migrations.SchemaMigrator;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The embedded default: {@code docpipe run PATH...} starts PostgreSQL, an SQS server, an S3
 * server, the model endpoint and every service in this JVM; uploads the files given; starts a
 * batch through the API; shows its progress; prints the report. Each run gets its own directory
 * under {@code .docpipe/runs/}, so runs never collide.
 */
public final class LocalRunner {

    private LocalRunner() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("status") || args[0].equals("report"))) {
            try {
                System.exit(BatchCommand.run(args[0], args, System.getenv(), System.out));
            } catch (IllegalArgumentException e) {
                System.err.println("docpipe: " + e.getMessage());
                System.err.println(BatchCommand.USAGE);
                System.exit(2);
            } catch (IllegalStateException e) {
                System.err.println("docpipe: " + e.getMessage());
                System.exit(1);
            }
            return;
        }
        RunArguments run;
        try {
            run = RunArguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("docpipe: " + e.getMessage());
            System.err.println(RunArguments.USAGE);
            System.exit(2);
            return;
        }
        Path runDirectory = Path.of(".docpipe", "runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
        Files.createDirectories(runDirectory);
        System.setProperty("docpipe.log.file", runDirectory.resolve("docpipe.log").toString());
        System.exit(new LocalRunner.Run(run, runDirectory, System.out).execute() ? 0 : 1);
    }

    /** One run of the pipeline over some files; the e2e test drives the same code. */
    record Run(RunArguments arguments, Path directory, PrintStream out) {

        boolean execute() throws IOException {
            List<Path> files = arguments.files();
            out.printf("docpipe: %d files; starting PostgreSQL, SQS, S3, the model endpoint and 7 services (log: %s)%n",
                    files.size(), directory.resolve("docpipe.log"));
            long start = System.nanoTime();
            try (LocalInfrastructure infrastructure = LocalInfrastructure.start(directory.toAbsolutePath())) {
                SchemaMigrator.migrate(infrastructure.dataSource());
                InfrastructureEndpoints endpoints = infrastructure.endpoints();
                try (PipelineServices services = PipelineServices.start(endpoints, serviceProperties(endpoints))) {
                    out.printf("docpipe: ready in %.1f s; API at http://127.0.0.1:%d (bearer token %s), dashboard while it runs: "
                                    + "http://127.0.0.1:%2$d/dashboard#token=%3$s%n",
                            (System.nanoTime() - start) / 1e9, services.ingestionPort(), services.apiToken());
                    String prefix = "run-" + directory.getFileName() + "/";
                    new Uploader(infrastructure.s3Client(), endpoints.inputBucket()).upload(files, prefix);
                    BatchClient client = services.batchClient();
                    String batchId = client.start(endpoints.inputBucket(), List.of(prefix), arguments.options());
                    out.printf("docpipe: batch %s started over s3://%s/%s%n", batchId, endpoints.inputBucket(), prefix);
                    JsonNode batch = new BatchWatcher(client, out).await(batchId, arguments.timeout());
                    services.flushAuditTrail(Duration.ofSeconds(10));
                    new RunReport(infrastructure.dataSource(), out).print(batch);
                    return "COMPLETED".equals(batch.path("status").asString());
                }
            }
        }

        private Map<String, String> serviceProperties(InfrastructureEndpoints endpoints) {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("docpipe.ingestion.allowed-buckets", endpoints.inputBucket());
            properties.put("docpipe.storage.temp-directory", directory.resolve("tmp").toAbsolutePath().toString());
            // Sandbox processes log what PDFBox says about each file; without their own file they would
            // write to ./target/docpipe.log, outside the run's directory.
            properties.put("docpipe.sandbox.jvm-options", "-Ddocpipe.log.file=" + directory.resolve("sandbox.log").toAbsolutePath());
            return properties;
        }
    }

    static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> files = new java.util.ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IllegalArgumentException("no such file or directory: " + path);
            }
        }
        return files;
    }

    static Duration defaultTimeout() {
        return Duration.ofMinutes(30);
    }
}
