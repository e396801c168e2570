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
