package dev.docpipe.benchmarks;

import dev.docpipe.core.PipelineApplication;
import dev.docpipe.core.audit.AuditRecorder;
import dev.docpipe.dispatcher.InferenceDispatcherApplication;
import dev.docpipe.dispatcher.infer.PageConvertedListener;
import dev.docpipe.embedded.InfrastructureSettings;
import dev.docpipe.embedded.LocalInfrastructure;
import dev.docpipe.migrations.SchemaMigrator;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The dispatcher's overhead: pages per second through the real inference-dispatcher (SQS
 * notification, database checks, S3 read, model call, result, ledger, audit) with a model that
 * answers at once, against the same model calls made directly in a loop, with the same client,
 * the same page and as many threads as the dispatcher has listener threads. Both run in the same
 * JVM on the same embedded servers, one after the other in every round, the side going first
 * alternating, so drift on a shared machine falls on both; figures are medians over rounds and the
 * comparison is a ratio. The dispatcher's calls to the outside are timed meanwhile
 * ({@link TimedClients}), which gives the per-page profile printed at the end.
 */
public final class DispatcherBenchmark {

    /** One side's run: its time, its CPU, and how many calls the model saw. */
    record Run(long nanos, CpuTime cpu, long modelCalls) {}

    /** Both sides once, on the same number of pages. */
    record Round(int pages, boolean directFirst, Run direct, Run dispatcher) {

        double directPerSecond() {
            return pages * 1e9 / direct.nanos();
        }

        double dispatcherPerSecond() {
            return pages * 1e9 / dispatcher.nanos();
        }

        double ratio() {
            return dispatcherPerSecond() / directPerSecond();
        }
    }

    private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    private final DispatcherOptions options;
    private final InstantModelServer model;
    private final ConvertedPageBacklog backlog;
    private final MessageListenerContainer<?> listener;
    private final DirectCalls direct;
    private final PhaseTimes times;
    private final AuditRecorder audit;
    private final String postgresDirectory;

    private DispatcherBenchmark(DispatcherOptions options, InstantModelServer model, ConvertedPageBacklog backlog,
            ConfigurableApplicationContext dispatcher, DirectCalls direct, PhaseTimes times, String postgresDirectory) {
        this.options = options;
        this.model = model;
        this.backlog = backlog;
        this.direct = direct;
        this.times = times;
        this.postgresDirectory = postgresDirectory;
        this.audit = dispatcher.getBean(AuditRecorder.class);
        this.listener = dispatcher.getBean(MessageListenerContainerRegistry.class).getContainerById(PageConvertedListener.ID);
        if (listener == null) {
            throw new IllegalStateException("the dispatcher has no listener container '%s'".formatted(PageConvertedListener.ID));
        }
    }

    public static void main(String[] args) throws Exception {
        // Before the first logger: this JVM, the dispatcher included, logs to a file.
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
            System.setProperty(LOGBACK_CONFIGURATION, "benchmark-logback.xml");
        }
        System.setProperty("java.awt.headless", "true");
        if (List.of(args).contains("--help")) {
            System.out.println(DispatcherOptions.USAGE);
            return;
        }
        DispatcherOptions options;
        try {
            options = DispatcherOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(DispatcherOptions.USAGE);
            System.exit(2);
            return;
        }
        DispatcherReport report = new DispatcherReport(System.out, options);
        Path work = Files.createTempDirectory("docpipe-dispatcher-benchmark-");
        PhaseTimes times = new PhaseTimes();
        byte[] page = PageImage.png();
        report.header(page.length);
        // Closed in reverse: the dispatcher before the servers it uses.
        try (LocalInfrastructure infrastructure = LocalInfrastructure.start(InfrastructureSettings.defaults(work).withInMemoryS3());
                InstantModelServer model = new InstantModelServer(Math.max(16, 2 * options.concurrency()))) {
            SchemaMigrator.migrate(infrastructure.dataSource());
            try (ConfigurableApplicationContext dispatcher = startDispatcher(infrastructure, model, options, times);
                    ConvertedPageBacklog backlog = ConvertedPageBacklog.write(infrastructure, options.pages(), options.pagesPerDocument(), page);
                    DirectCalls direct = new DirectCalls(dispatcher.getBean(SageMakerRuntimeClient.class), page, options.concurrency())) {
                DispatcherBenchmark benchmark = new DispatcherBenchmark(options, model, backlog, dispatcher, direct, times,
                        work.resolve("postgres").toString());
                benchmark.run(report);
            }
        } finally {
            FileSystemUtils.deleteRecursively(work);
        }
        System.exit(0);
    }

    private void run(DispatcherReport report) throws Exception {
        listener.stop(); // each round queues its notifications first, then lets the listener loose on them
        for (int i = 0; i < options.warmUpRounds(); i++) {
            report.warmedUp(round(i, false));
        }
        List<Round> rounds = new ArrayList<>();
        for (int i = 0; i < options.rounds(); i++) {
            Round round = round(i, true);
            rounds.add(round);
            report.round(i + 1, round);
        }
        report.summary(rounds);
        report.profile(times.phases(), rounds);
    }

    private Round round(int number, boolean timed) throws Exception {
        boolean directFirst = number % 2 == 0;
        Run directRun = null;
        Run dispatcherRun;
        if (directFirst) {
            directRun = direct();
        }
        dispatcherRun = dispatcher(timed);
        if (!directFirst) {
            directRun = direct();
        }
        return new Round(backlog.pages(), directFirst, directRun, dispatcherRun);
    }

    private Run direct() throws Exception {
        settle();
        long calls = model.invocations();
        CpuTime before = CpuTime.now(postgresDirectory);
        long nanos = direct.run(backlog.pages());
        return new Run(nanos, CpuTime.now(postgresDirectory).minus(before), model.invocations() - calls);
    }

    /** From the listener's start to the last result row written, by the database's clock (the same clock as this JVM's). */
    private Run dispatcher(boolean timed) throws Exception {
        backlog.reset();
        backlog.queueNotifications();
        settle();
        long calls = model.invocations();
        times.recording(timed);
        CpuTime before = CpuTime.now(postgresDirectory);
        Instant start = Instant.now();
        listener.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).plusMillis(50L * backlog.pages()).toNanos();
        ConvertedPageBacklog.Progress progress = backlog.progress();
        while (progress.results() < backlog.pages()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the dispatcher recorded %d of %d results in time; see the log"
                        .formatted(progress.results(), backlog.pages()));
            }
            Thread.sleep(20);
            progress = backlog.progress();
        }
        CpuTime cpu = CpuTime.now(postgresDirectory).minus(before);
        listener.stop();
        times.recording(false);
        long startMicros = start.getEpochSecond() * 1_000_000 + start.getNano() / 1000;
        long nanos = (progress.lastMicros() - startMicros) * 1000;
        return new Run(nanos, cpu, model.invocations() - calls);
    }

    /** Lets the last side's background work (audit rows, acknowledgements) finish before the next is timed. */
    private void settle() throws InterruptedException {
        audit.flush(Duration.ofSeconds(10));
        Thread.sleep(300);
    }

    private static ConfigurableApplicationContext startDispatcher(LocalInfrastructure infrastructure, InstantModelServer model,
            DispatcherOptions options, PhaseTimes times) {
        int concurrency = options.concurrency();
        Map<String, String> properties = new LinkedHashMap<>(infrastructure.endpoints().springProperties());
        properties.put("docpipe.inference.sagemaker-endpoint", model.url());
        // The quotas stand for the account's share; here they must not be what limits.
        properties.put("docpipe.inference.quotas.sagemaker.requests-per-second", "100000");
        properties.put("docpipe.inference.quotas.sagemaker.max-concurrent", "64");
        properties.put("spring.cloud.aws.sqs.listener.max-concurrent-messages", Integer.toString(concurrency));
        properties.put("spring.cloud.aws.sqs.listener.max-messages-per-poll", Integer.toString(Math.min(10, concurrency)));
        // Stopping the listener between rounds waits for an open long poll; with a backlog a poll returns at once anyway.
        properties.put("spring.cloud.aws.sqs.listener.poll-timeout", "1s");
        if (concurrency > 10) {
            // Past the service's 10 threads, a connection for every listener thread and the audit writer.
            properties.put("spring.datasource.hikari.maximum-pool-size", Integer.toString(concurrency + 2));
        }
        properties.put("logging.config", "classpath:benchmark-logback.xml");
        properties.putAll(options.dispatcherProperties());
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off", "--spring.flyway.enabled=false"));
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        return PipelineApplication.builder(InferenceDispatcherApplication.class, InferenceDispatcherApplication.NAME)
                .initializers(new TimedClients(times))
                .run(args.toArray(String[]::new));
    }
}
