package dev.docpipe.small;

import dev.docpipe.core.PipelineApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Splits chunks and SMALL documents into single-page PDFs. */
@SpringBootApplication
public class SmallDocWorkerApplication {

    public static final String NAME = "small-doc-worker";

    public static void main(String[] args) {
        PipelineApplication.run(SmallDocWorkerApplication.class, NAME, args);
    }
}
