package dev.docpipe.model;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A local stand-in for an Amazon SageMaker real-time endpoint and for Amazon Textract: it speaks
 * the runtime {@code InvokeEndpoint} protocol and Textract's {@code DetectDocumentText}, and
 * answers both with Tesseract OCR run inside this JVM.
 */
// No database: where JDBC is on the classpath anyway (the embedded runner, tests), none is configured.
@SpringBootApplication(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConfigurationPropertiesScan
public class ModelEndpointApplication {

    /** The name of this service's configuration file ({@code model-endpoint.yml}) and of the application. */
    public static final String SERVICE_NAME = "model-endpoint";

    public static void main(String[] args) {
        builder().run(args);
    }

    /**
     * The embedded runner starts several services in one JVM, so each reads its own
     * {@code <name>.yml}; an {@code application.yml} would be shared by all of them.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ModelEndpointApplication.class)
                .properties("spring.config.name=" + SERVICE_NAME, "spring.application.name=" + SERVICE_NAME);
    }
}
