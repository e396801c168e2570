package dev.docpipe.model;

import java.net.URI;
import java.util.Optional;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The S3 and SQS clients of this endpoint, created once when AWS access is configured. */
@Component
class AwsClients implements AutoCloseable {

    private final Optional<S3Client> s3;
    private final Optional<SqsClient> sqs;

    AwsClients(AwsAccessProperties properties) {
        if (properties.enabled()) {
            this.s3 = Optional.of(configure(S3Client.builder().forcePathStyle(properties.pathStyle()), properties, properties.s3Endpoint())
                    .httpClientBuilder(ApacheHttpClient.builder()).build());
            this.sqs = Optional.of(configure(SqsClient.builder(), properties, properties.sqsEndpoint())
                    .httpClientBuilder(ApacheHttpClient.builder()).build());
        } else {
            this.s3 = Optional.empty();
            this.sqs = Optional.empty();
        }
    }

    Optional<S3Client> s3() {
        return s3;
    }

    Optional<SqsClient> sqs() {
        return sqs;
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, AwsAccessProperties properties, URI endpoint) {
        builder.region(Region.of(properties.region())).credentialsProvider(credentials(properties));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    private static AwsCredentialsProvider credentials(AwsAccessProperties properties) {
        return properties.accessKey() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(properties.accessKey(), properties.secretKey()))
                : DefaultCredentialsProvider.builder().build();
    }

    @Override
    public void close() {
        s3.ifPresent(S3Client::close);
        sqs.ifPresent(SqsClient::close);
    }
}
