package dev.docpipe.model;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClientBuilder;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/** Real SDK clients pointed at the local server, configured as the dispatcher's would be. */
final class SageMakerClients {

    static final String ENDPOINT = "docpipe-ocr";

    private SageMakerClients() {}

    static SageMakerRuntimeClient local(int port) {
        return builder(port).build();
    }

    /** Retries would hide the first error's status and stretch the test by the SDK's backoff. */
    static SageMakerRuntimeClient withoutRetries(int port) {
        return builder(port).overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    static InvokeEndpointResponse invoke(SageMakerRuntimeClient client, String endpoint, String contentType,
            byte[] body) {
        return client.invokeEndpoint(request -> request
                .endpointName(endpoint)
                .contentType(contentType)
                .accept("application/json")
                .body(SdkBytes.fromByteArray(body)));
    }

    private static SageMakerRuntimeClientBuilder builder(int port) {
        return SageMakerRuntimeClient.builder()
                .endpointOverride(URI.create("http://localhost:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }
}
