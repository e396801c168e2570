package dev.docpipe.dispatcher.sagemaker;

import dev.docpipe.dispatcher.backend.InferenceBackend;
import dev.docpipe.dispatcher.backend.InferenceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

@Configuration(proxyBeanMethods = false)
class SageMakerConfiguration {

    /** Created once: a client per call would pay a TLS handshake and a connection pool per page. */
    @Bean(destroyMethod = "close")
    SageMakerRuntimeClient sageMakerRuntimeClient(InferenceProperties properties, AwsRegionProvider region,
            AwsCredentialsProvider credentials) {
        var builder = SageMakerRuntimeClient.builder()
                .region(region.getRegion())
                .credentialsProvider(credentials)
                // Named explicitly: with two HTTP clients on the classpath the SDK refuses to pick one.
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
                // Adaptive retries slow the client down under throttling instead of failing the page.
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.ADAPTIVE_V2).apiCallTimeout(properties.callTimeout()));
        if (properties.sagemakerEndpoint() != null) {
            builder.endpointOverride(properties.sagemakerEndpoint());
        }
        return builder.build();
    }

    @Bean
    InferenceBackend sageMakerBackend(SageMakerRuntimeClient client, InferenceProperties properties) {
        return new SageMakerBackend(client, properties.contentType());
    }
}
