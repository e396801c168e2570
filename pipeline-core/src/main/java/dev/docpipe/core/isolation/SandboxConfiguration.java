package dev.docpipe.core.isolation;

import dev.docpipe.core.conversion.ConversionProperties;
import dev.docpipe.core.conversion.PageConversion;
import dev.docpipe.core.document.DocumentLimits;
import dev.docpipe.core.document.PageImageProperties;
import dev.docpipe.core.document.RenderLimits;
import dev.docpipe.core.ledger.DocumentLedger;
import dev.docpipe.core.messaging.PipelineMessenger;
import dev.docpipe.core.storage.ObjectStore;
import dev.docpipe.core.storage.StorageProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The document sandbox every document-handling service uses; processes start on first use, or with the service when warm-up is on. */
@Configuration(proxyBeanMethods = false)
public class SandboxConfiguration {

    @Bean(destroyMethod = "destroy")
    DocumentSandbox documentSandbox(SandboxProperties sandbox, DocumentLimits limits, RenderLimits render, StorageProperties storage) {
        DocumentSandbox documentSandbox = DocumentSandbox.create(sandbox, limits, render, storage.tempDirectoryOrDefault());
        if (sandbox.warmUp()) {
            documentSandbox.warmUp();
        }
        return documentSandbox;
    }

    /**
     * In the readiness group: a service whose sandbox processes cannot start (a bad
     * {@code jvm-options} entry, a missing JDK) is not ready, so a deployment that brings it in
     * never becomes healthy, and is rolled back, rather than sending every document round again.
     */
    @Bean
    HealthIndicator sandboxHealthIndicator(DocumentSandbox sandbox) {
        return () -> sandbox.startFailure()
                .map(failure -> Health.down().withDetail("startFailure", failure).build())
                .orElseGet(() -> Health.up().build());
    }

    @Bean
    PageConversion pageConversion(ObjectStore store, DocumentSandbox sandbox, PipelineMessenger messenger, JdbcClient jdbc,
            DocumentLedger ledger, TransactionTemplate tx, ConversionProperties conversion, PageImageProperties pageImage) {
        return new PageConversion(store, sandbox, messenger, jdbc, ledger, tx, conversion, pageImage);
    }

    @Bean
    DocumentSplitter documentSplitter(DocumentSandbox sandbox, ObjectStore store) {
        return new DocumentSplitter(sandbox, store);
    }
}
