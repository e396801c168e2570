package dev.docpipe.dispatcher.textract;

import dev.docpipe.dispatcher.backend.InferenceBackend;
import dev.docpipe.dispatcher.backend.InferenceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.textract.TextractClient;

@Configuration(proxyBeanMethods = false)
class TextractConfiguration {

    /** One client per service, as for SageMaker: it owns the connection pool and the adaptive rate state. */
    @Bean(destroyMethod = "close")
    TextractClient textractClient(TextractProperties textract, InferenceProperties inference, AwsRegionProvider region,
            AwsCredentialsProvider credentials) {
        var builder = TextractClient.builder()
                .region(region.getRegion())
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
                // Textract's TPS quotas are low (1 to 10 per region): adaptive retries pace the client to them.
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.ADAPTIVE_V2).apiCallTimeout(inference.callTimeout()));
        if (textract.endpoint() != null) {
            builder.endpointOverride(textract.endpoint());
        }
        return builder.build();
    }

    @Bean
    InferenceBackend textractBackend(TextractClient textractClient, TextractProperties properties) {
        return new TextractBackend(textractClient, properties.documentSource());
    }

    @Bean
    InferenceBackend textractAsyncBackend(TextractClient textractClient, TextractProperties properties) {
        return new TextractAsyncBackend(textractClient, properties.async());
    }
}
