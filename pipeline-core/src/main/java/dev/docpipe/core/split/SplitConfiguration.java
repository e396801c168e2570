package dev.docpipe.core.split;

import dev.docpipe.core.isolation.DocumentSplitter;
import dev.docpipe.core.messaging.PipelineMessenger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Splitting with lineage, for the services that split documents. */
@Configuration(proxyBeanMethods = false)
public class SplitConfiguration {

    @Bean
    SplitLineage splitLineage(JdbcClient jdbc) {
        return new SplitLineage(jdbc);
    }

    @Bean
    PartPublisher partPublisher(DocumentSplitter splitter, SplitLineage lineage, PipelineMessenger messenger) {
        return new PartPublisher(splitter, lineage, messenger);
    }
}
