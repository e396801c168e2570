package dev.docpipe.embedded;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * PostgreSQL, an SQS API and an S3 API, all in this JVM and all under one work directory, with the
 * queue topology installed and the work and input buckets created: what the pipeline needs on a
 * machine that has nothing but a JDK.
 *
 * <p>Close it after the applications that use it, not from a shutdown hook of its own: stopping
 * the servers under running listeners floods the log with polling errors.
 */
public final class LocalInfrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);

    private final EmbeddedPostgres postgres;
    private final InfrastructureEndpoints endpoints;
    private final List<InstalledQueue> queues;
    private final SqsClient sqsClient;
    private final S3Client s3Client;
    private final Deque<AutoCloseable> openedInOrder;

    private LocalInfrastructure(EmbeddedPostgres postgres, InfrastructureEndpoints endpoints,
            List<InstalledQueue> queues, SqsClient sqsClient, S3Client s3Client, Deque<AutoCloseable> opened) {
        this.postgres = postgres;
        this.endpoints = endpoints;
        this.queues = queues;
        this.sqsClient = sqsClient;
        this.s3Client = s3Client;
        this.openedInOrder = opened;
    }

    /** Starts everything with {@link InfrastructureSettings#defaults(Path) the default settings}. */
    public static LocalInfrastructure start(Path workDirectory) {
        return start(InfrastructureSettings.defaults(workDirectory));
    }

    public static LocalInfrastructure start(InfrastructureSettings settings) {
        long started = System.nanoTime();
        // initdb and the postmaster are processes of their own: they run while this JVM spends its
        // time loading ElasticMQ and S3Proxy, which saves about a second.
        CompletableFuture<EmbeddedPostgres> postgresStart = CompletableFuture.supplyAsync(
                () -> EmbeddedPostgres.start(settings.workDirectory().resolve("postgres")),
                task -> Thread.ofPlatform().name("docpipe-postgres-start").daemon().start(task));
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            EmbeddedSqs sqs = opened(opened, EmbeddedSqs.start(settings.region(), settings.accountId()));
            EmbeddedS3 s3 = opened(opened, startS3(settings));
            EmbeddedPostgres postgres = await(postgresStart);
            // Started first, so stopped last.
            opened.addLast(postgres);

            InfrastructureEndpoints endpoints = new InfrastructureEndpoints(postgres.jdbcUrl(), postgres.user(),
                    postgres.password(), sqs.endpoint(), s3.endpoint(), settings.region(), settings.accessKey(),
                    settings.secretKey(), settings.workBucket(), settings.inputBucket());
            SqsClient sqsClient = opened(opened, endpoints.newSqsClient());
            S3Client s3Client = opened(opened, endpoints.newS3Client());
            List<InstalledQueue> queues = new QueueTopologyInstaller(sqsClient).installAll();

            log.info("Local infrastructure up in {} ms under {}: PostgreSQL {}, SQS {}, S3 {} (buckets {}, {})",
                    (System.nanoTime() - started) / 1_000_000, settings.workDirectory(), endpoints.jdbcUrl(),
                    endpoints.sqsEndpoint(), endpoints.s3Endpoint(), endpoints.workBucket(), endpoints.inputBucket());
            return new LocalInfrastructure(postgres, endpoints, queues, sqsClient, s3Client, opened);
        } catch (RuntimeException | Error e) {
            // An Error too: a missing class in one server must not leave PostgreSQL running.
            if (opened.stream().noneMatch(EmbeddedPostgres.class::isInstance)) {
                stopWhenStarted(postgresStart, e);
            }
            closeAll(opened, e);
            throw e;
        }
    }

    private static EmbeddedS3 startS3(InfrastructureSettings settings) {
        List<String> buckets = List.of(settings.workBucket(), settings.inputBucket());
        return settings.inMemoryS3()
                ? EmbeddedS3.startInMemory(settings.accessKey(), settings.secretKey(), buckets)
                : EmbeddedS3.startOnFilesystem(settings.workDirectory().resolve("s3"), settings.accessKey(),
                        settings.secretKey(), buckets);
    }

    private static EmbeddedPostgres await(CompletableFuture<EmbeddedPostgres> postgresStart) {
        try {
            return postgresStart.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** After another server failed to start, PostgreSQL must not be left running behind it. */
    private static void stopWhenStarted(CompletableFuture<EmbeddedPostgres> postgresStart, Throwable failure) {
        try {
            await(postgresStart).close();
        } catch (RuntimeException e) {
            if (e != failure) {
                failure.addSuppressed(e);
            }
        }
    }

    private static <T extends AutoCloseable> T opened(Deque<AutoCloseable> opened, T resource) {
        opened.push(resource);
        return resource;
    }

    public InfrastructureEndpoints endpoints() {
        return endpoints;
    }

    /** The installed queues, in {@link dev.docpipe.contracts.PipelineQueue} order. */
    public List<InstalledQueue> queues() {
        return queues;
    }

    /** A client for the SQS server, shared and closed with this infrastructure. */
    public SqsClient sqsClient() {
        return sqsClient;
    }

    /** A path-style client for the S3 server, shared and closed with this infrastructure. */
    public S3Client s3Client() {
        return s3Client;
    }

    /** The PostgreSQL server, for tests that take it away and bring it back. */
    public EmbeddedPostgres postgres() {
        return postgres;
    }

    /** A non-pooling DataSource for the application database. */
    public DataSource dataSource() {
        return postgres.dataSource();
    }

    /** Closes the clients, then S3, SQS and PostgreSQL: the reverse of the start. Idempotent. */
    @Override
    public synchronized void close() {
        if (openedInOrder.isEmpty()) {
            return;
        }
        IllegalStateException failure = new IllegalStateException("Local infrastructure did not stop cleanly");
        closeAll(openedInOrder, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
        log.info("Local infrastructure stopped");
    }

    /** Closes every resource even when one fails, adding the failures to {@code failure}. */
    private static void closeAll(Deque<AutoCloseable> opened, Throwable failure) {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }
}
