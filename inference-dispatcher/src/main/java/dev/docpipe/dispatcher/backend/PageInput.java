package dev.docpipe.dispatcher.backend;

import dev.docpipe.contracts.PageRef;
import java.util.function.Supplier;

/**
 * The page a backend is asked about. Backends that pass an S3 reference (Textract's S3Object, an
 * HTTPS endpoint fed with the key) never read the image; the others read it with {@link #image()}.
 *
 * @param model       the model (SageMaker endpoint name) the batch chose
 * @param page        the page image in object storage
 * @param imageReader reads the page image; a missing object ends the document FAILED with SOURCE_MISSING
 * @param generation  how many jobs for this page were lost before (asynchronous backends make it
 *     part of the request's idempotency token, so a restart is a new job)
 */
public record PageInput(String model, PageRef page, Supplier<byte[]> imageReader, int generation) {

    public PageInput(String model, PageRef page, Supplier<byte[]> imageReader) {
        this(model, page, imageReader, 0);
    }

    public byte[] image() {
        return imageReader.get();
    }
}
