package dev.docpipe.failsafe;

import dev.docpipe.core.PipelineApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Drains every dead-letter queue: nothing is lost silently. */
@SpringBootApplication
public class FailsafeWorkerApplication {

    public static final String NAME = "failsafe-worker";

    public static void main(String[] args) {
        PipelineApplication.run(FailsafeWorkerApplication.class, NAME, args);
    }
}
