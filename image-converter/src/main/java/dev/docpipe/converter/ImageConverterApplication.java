package dev.docpipe.converter;

import dev.docpipe.core.PipelineApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Renders single pages, and normalises images, to PNG. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ImageConverterApplication {

    public static final String NAME = "image-converter";

    public static void main(String[] args) {
        PipelineApplication.run(ImageConverterApplication.class, NAME, args);
    }
}
