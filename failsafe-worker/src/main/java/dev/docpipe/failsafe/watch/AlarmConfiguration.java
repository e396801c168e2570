package dev.docpipe.failsafe.watch;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.sns.SnsClient;

@Configuration(proxyBeanMethods = false)
class AlarmConfiguration {

    /** Created once; only used when an alarm topic is configured. */
    @Bean(destroyMethod = "close")
    SnsClient snsClient(AwsRegionProvider region, AwsCredentialsProvider credentials) {
        return SnsClient.builder()
                .region(region.getRegion())
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }
}
