package dev.docpipe.embedded;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where a running PostgreSQL, SQS API and S3 API are, and how to sign in: everything a service
 * needs to use them. Embedded servers and Testcontainers produce the same record.
 *
 * @param jdbcUrl     JDBC URL of the application database
 * @param sqsEndpoint SQS API endpoint
 * @param s3Endpoint  S3 API endpoint, to be used with path-style addressing
 * @param region      AWS region the clients sign for
 * @param workBucket  bucket for what the pipeline produces
 * @param inputBucket bucket that holds source documents
 */
public record InfrastructureEndpoints(
        String jdbcUrl,
        String dbUser,
        String dbPassword,
        URI sqsEndpoint,
        URI s3Endpoint,
        String region,
        String accessKey,
        String secretKey,
        String workBucket,
        String inputBucket) {

    /**
     * The Spring properties that point a docpipe service at these servers: the datasource, Spring
     * Cloud AWS (SQS endpoint, region, credentials), docpipe's S3 endpoint with path-style
     * addressing, and the work bucket.
     */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", dbUser);
        properties.put("spring.datasource.password", dbPassword);
        properties.put("spring.cloud.aws.sqs.endpoint", sqsEndpoint.toString());
        properties.put("spring.cloud.aws.region.static", region);
        properties.put("spring.cloud.aws.credentials.access-key", accessKey);
        properties.put("spring.cloud.aws.credentials.secret-key", secretKey);
        properties.put("docpipe.s3.endpoint", s3Endpoint.toString());
        properties.put("docpipe.s3.path-style", "true");
        properties.put("docpipe.storage.work-bucket", workBucket);
        return Collections.unmodifiableMap(properties);
    }

    /**
     * The properties that give the local model endpoint the S3 and SQS access Textract has on
     * AWS: reading {@code S3Object} documents, writing {@code OutputConfig} results, and
     * delivering asynchronous jobs' completion notifications to the subscribed queue.
     */
    public Map<String, String> modelEndpointProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("docpipe.model.aws.region", region);
        properties.put("docpipe.model.aws.s3-endpoint", s3Endpoint.toString());
        properties.put("docpipe.model.aws.sqs-endpoint", sqsEndpoint.toString());
        properties.put("docpipe.model.aws.path-style", "true");
        properties.put("docpipe.model.aws.access-key", accessKey);
        properties.put("docpipe.model.aws.secret-key", secretKey);
        return Collections.unmodifiableMap(properties);
    }

    /** A new SQS client for these servers; the caller closes it. */
    public SqsClient newSqsClient() {
        return SqsClient.builder()
                .endpointOverride(sqsEndpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials())
                // Named explicitly: with two HTTP clients on a classpath the SDK refuses to pick one.
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    /** A new S3 client for these servers, with path-style addressing; the caller closes it. */
    public S3Client newS3Client() {
        return S3Client.builder()
                .endpointOverride(s3Endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    private StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }
}
