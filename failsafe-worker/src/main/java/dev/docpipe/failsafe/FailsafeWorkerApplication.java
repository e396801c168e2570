package dev.docpipe.failsafe;

import dev.docpipe.core.PipelineApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Drains every dead-letter queue, watches their depth, and re-drives documents that stopped moving: nothing is lost silently. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FailsafeWorkerApplication {

    public static final String NAME = "failsafe-worker";

    public static void main(String[] args) {
        PipelineApplication.run(FailsafeWorkerApplication.class, NAME, args);
    }
}
