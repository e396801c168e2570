package dev.docpipe.model;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.textract.TextractClient;
import software.amazon.awssdk.services.textract.model.DetectDocumentTextResponse;

/** The real Textract SDK client pointed at the local server, without retries so the first error shows. */
final class TextractClients {

    private TextractClients() {}

    static TextractClient local(int port) {
        return TextractClient.builder()
                .endpointOverride(URI.create("http://localhost:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    static DetectDocumentTextResponse detect(TextractClient client, byte[] image) {
        return client.detectDocumentText(r -> r.document(d -> d.bytes(SdkBytes.fromByteArray(image))));
    }
}
