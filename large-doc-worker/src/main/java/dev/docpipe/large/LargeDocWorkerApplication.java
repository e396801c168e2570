package dev.docpipe.large;

import dev.docpipe.core.PipelineApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Splits LARGE documents into chunks of at most N pages. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LargeDocWorkerApplication {

    public static final String NAME = "large-doc-worker";

    public static void main(String[] args) {
        PipelineApplication.run(LargeDocWorkerApplication.class, NAME, args);
    }
}
