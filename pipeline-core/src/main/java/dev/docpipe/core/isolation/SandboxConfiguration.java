package dev.docpipe.core.isolation;

import dev.docpipe.core.document.DocumentLimits;
import dev.docpipe.core.document.RenderLimits;
import dev.docpipe.core.storage.ObjectStore;
import dev.docpipe.core.storage.StorageProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
    DocumentSplitter documentSplitter(DocumentSandbox sandbox, ObjectStore store) {
        return new DocumentSplitter(sandbox, store);
    }
}
