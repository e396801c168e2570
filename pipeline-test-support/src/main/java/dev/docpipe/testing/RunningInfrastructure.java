package dev.docpipe.testing;

import dev.docpipe.embedded.InfrastructureEndpoints;
import dev.docpipe.embedded.InstalledQueue;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** A started {@link TestInfrastructure}, whichever servers it runs on. */
final class RunningInfrastructure implements TestInfrastructure, AutoCloseable {

    /** Stops the servers (and closes the clients it made); may throw, unlike a plain Runnable. */
    interface Stopper {
        void stop() throws Exception;
    }

    private final String backend;
    private final InfrastructureEndpoints endpoints;
    private final List<InstalledQueue> queues;
    private final SqsClient sqsClient;
    private final S3Client s3Client;
    private final PGSimpleDataSource dataSource;
    private final Stopper stopper;
    private final Consumer<Boolean> databaseOutage;

    RunningInfrastructure(String backend, InfrastructureEndpoints endpoints, List<InstalledQueue> queues,
            SqsClient sqsClient, S3Client s3Client, Stopper stopper, Consumer<Boolean> databaseOutage) {
        this.backend = backend;
        this.endpoints = endpoints;
        this.queues = List.copyOf(queues);
        this.sqsClient = sqsClient;
        this.s3Client = s3Client;
        this.stopper = stopper;
        this.databaseOutage = databaseOutage;
        this.dataSource = new PGSimpleDataSource();
        dataSource.setURL(endpoints.jdbcUrl());
        dataSource.setUser(endpoints.dbUser());
        dataSource.setPassword(endpoints.dbPassword());
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public InfrastructureEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void databaseOutage(boolean down) {
        if (databaseOutage == null) {
            TestInfrastructure.super.databaseOutage(down);
        } else {
            databaseOutage.accept(down);
        }
    }

    @Override
    public SqsClient sqsClient() {
        return sqsClient;
    }

    @Override
    public S3Client s3Client() {
        return s3Client;
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public List<InstalledQueue> queues() {
        return queues;
    }

    @Override
    public void resetState() {
        new StateReset(dataSource, sqsClient, s3Client).run();
    }

    @Override
    public void close() {
        try {
            stopper.stop();
        } catch (Exception e) {
            throw new IllegalStateException("The " + backend + " test infrastructure did not stop cleanly", e);
        }
    }
}
