package dev.docpipe.core;

import dev.docpipe.core.audit.AuditRecorder;
import dev.docpipe.core.conversion.ConversionProperties;
import dev.docpipe.core.document.DocumentLimits;
import dev.docpipe.core.document.PageImageProperties;
import dev.docpipe.core.document.PageRasterizer;
import dev.docpipe.core.document.RenderLimits;
import dev.docpipe.core.isolation.SandboxConfiguration;
import dev.docpipe.core.isolation.SandboxProperties;
import dev.docpipe.core.messaging.ListenerConventions;
import dev.docpipe.core.document.SafePdfOpener;
import dev.docpipe.core.ledger.DocumentLedger;
import dev.docpipe.core.messaging.ListenerProperties;
import dev.docpipe.core.messaging.MessageLifecycle;
import dev.docpipe.core.messaging.PipelineMessenger;
import dev.docpipe.core.messaging.QueueNames;
import dev.docpipe.core.messaging.TraceHeaders;
import dev.docpipe.core.split.SplitConfiguration;
import dev.docpipe.core.storage.ObjectStore;
import dev.docpipe.core.storage.S3Properties;
import dev.docpipe.core.storage.StorageProperties;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What every docpipe service shares, picked up by adding pipeline-core: S3 access, the audit
 * recorder, the document ledger, safe PDF opening, the document sandbox, the sender to the next
 * stage, and the SQS listener conventions ({@link ListenerConventions}).
 */
@AutoConfiguration(after = {
    SqsAutoConfiguration.class,
    RegionProviderAutoConfiguration.class,
    CredentialsProviderAutoConfiguration.class,
    JdbcTemplateAutoConfiguration.class,
    JdbcClientAutoConfiguration.class,
    DataSourceTransactionManagerAutoConfiguration.class,
    TransactionAutoConfiguration.class
})
// Only in a docpipe service: a context that is not one (the model endpoint in the local runner) stays plain.
@ConditionalOnProperty(prefix = "docpipe.service", name = "name")
@EnableConfigurationProperties({
    ServiceProperties.class,
    ListenerProperties.class,
    S3Properties.class,
    StorageProperties.class,
    DocumentLimits.class,
    RenderLimits.class,
    PageImageProperties.class,
    SandboxProperties.class,
    ConversionProperties.class
})
@Import({ListenerConventions.class, SandboxConfiguration.class, SplitConfiguration.class})
public class PipelineAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    S3Client s3Client(S3Properties s3, AwsRegionProvider region, AwsCredentialsProvider credentials) {
        var builder = S3Client.builder()
                .region(region.getRegion())
                .credentialsProvider(credentials)
                .forcePathStyle(s3.pathStyle())
                // Enough connections for every listener thread plus uploads of split parts.
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64));
        if (s3.endpoint() != null) {
            builder.endpointOverride(s3.endpoint());
        }
        return builder.build();
    }

    @Bean
    ObjectStore objectStore(S3Client s3, StorageProperties storage) {
        return new ObjectStore(s3, storage);
    }

    @Bean
    PipelineMessenger pipelineMessenger(SqsTemplate sqsTemplate, QueueNames queues, ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        return new PipelineMessenger(sqsTemplate, queues, TraceHeaders.of(tracer.getIfAvailable(), propagator.getIfAvailable()));
    }

    @Bean
    AuditRecorder auditRecorder(JdbcTemplate jdbc, ServiceProperties service) {
        return new AuditRecorder(jdbc, service.name(), 100_000);
    }

    @Bean
    DocumentLedger documentLedger(JdbcClient jdbc, TransactionTemplate tx) {
        return new DocumentLedger(jdbc, tx);
    }

    @Bean
    SafePdfOpener safePdfOpener(DocumentLimits limits) {
        return new SafePdfOpener(limits);
    }

    @Bean
    PageRasterizer pageRasterizer(SafePdfOpener opener, RenderLimits limits) {
        return new PageRasterizer(opener, limits);
    }
}
