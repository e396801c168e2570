package dev.docpipe.embedded;

import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SQS API served by ElasticMQ in this JVM, in memory: queues and messages are gone when it
 * stops.
 *
 * <p>Region and account id are set so that queue ARNs look like AWS's
 * ({@code arn:aws:sqs:us-east-1:000000000000:name}); ElasticMQ's default region is
 * {@code elasticmq}, which breaks code that parses ARNs.
 */
public final class EmbeddedSqs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSqs.class);

    private final SQSRestServer server;
    private final URI endpoint;
    private final String region;
    private final String accountId;

    private EmbeddedSqs(SQSRestServer server, URI endpoint, String region, String accountId) {
        this.server = server;
        this.endpoint = endpoint;
        this.region = region;
        this.accountId = accountId;
    }

    /** Starts a server on a free port of the loopback interface. */
    public static EmbeddedSqs start(String region, String accountId) {
        SQSRestServer server = SQSRestServerBuilder.withInterface(Loopback.ADDRESS)
                .withDynamicPort()
                .withAWSRegion(region)
                .withAWSAccountId(accountId)
                .start();
        int port = server.waitUntilStarted().localAddress().getPort();
        URI endpoint = Loopback.uri(port);
        log.debug("ElasticMQ listening on {}", endpoint);
        return new EmbeddedSqs(server, endpoint, region, accountId);
    }

    public URI endpoint() {
        return endpoint;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    /** Stops the server and its actor system; waits until both are down. */
    @Override
    public void close() {
        server.stopAndWait();
    }
}
