package dev.docpipe.orchestrator;

import dev.docpipe.core.PipelineApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Classifies every ingested document and routes it to the queue whose workers fit it. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrchestratorApplication {

    public static final String NAME = "chunking-orchestrator";

    public static void main(String[] args) {
        PipelineApplication.run(OrchestratorApplication.class, NAME, args);
    }
}
