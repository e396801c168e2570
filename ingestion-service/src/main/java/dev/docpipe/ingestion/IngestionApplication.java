package dev.docpipe.ingestion;

import dev.docpipe.core.PipelineApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The REST API: start and watch batches, look at documents. Lists S3 and feeds the pipeline. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestionApplication {

    public static final String NAME = "ingestion-service";

    public static void main(String[] args) {
        PipelineApplication.run(IngestionApplication.class, NAME, args);
    }
}
