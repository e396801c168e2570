package dev.docpipe.dispatcher.https;

import dev.docpipe.dispatcher.backend.InferenceBackend;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "docpipe.inference.https", name = "url")
class HttpsEndpointConfiguration {

    /** One client for the service: it keeps its connections (and TLS sessions) between pages. */
    @Bean(destroyMethod = "close")
    HttpClient httpsEndpointClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Bean
    InferenceBackend httpsEndpointBackend(HttpClient httpsEndpointClient, HttpsEndpointProperties properties, JsonMapper json) {
        return new HttpsEndpointBackend(httpsEndpointClient, properties, json);
    }
}
