package dev.docpipe.dispatcher;

import dev.docpipe.core.PipelineApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Sends every converted page to the model and stores the result; collects asynchronous jobs' results. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InferenceDispatcherApplication {

    public static final String NAME = "inference-dispatcher";

    public static void main(String[] args) {
        PipelineApplication.run(InferenceDispatcherApplication.class, NAME, args);
    }
}
