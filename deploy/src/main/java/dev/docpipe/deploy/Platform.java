package dev.docpipe.deploy;

import java.util.List;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecs.AsgCapacityProvider;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * What every service deployment shares: the network, the cluster and its memory-optimised EC2
 * capacity, the queues, the buckets, the database, and Textract's completion topic with the role
 * Textract publishes to it with; and the issuer of the API's tokens (the Cognito user pool's
 * address, as {@code iss} of its JWTs).
 */
record Platform(
        DeploySettings settings,
        IVpc vpc,
        Cluster cluster,
        AsgCapacityProvider memoryOptimised,
        QueueTopology queues,
        IBucket workBucket,
        List<IBucket> inputBuckets,
        DatabaseCluster database,
        ITopic textractCompleted,
        IRole textractPublisher,
        String apiTokenIssuer) {

    static final String DATABASE_NAME = "docpipe";

    String jdbcUrl() {
        return "jdbc:postgresql://" + database.getClusterEndpoint().getHostname() + ":"
                + database.getClusterEndpoint().getPort() + "/" + DATABASE_NAME;
    }
}
