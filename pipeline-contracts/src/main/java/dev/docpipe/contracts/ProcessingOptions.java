package dev.docpipe.contracts;

/**
 * The per-batch options that travel with every request, so that no stage needs a database
 * lookup to do its work.
 *
 * @param dpi   rendering resolution of pages
 * @param model the model (SageMaker endpoint name) that infers every page
 */
public record ProcessingOptions(int dpi, String model) {

    public static final int DEFAULT_DPI = 150;

    public ProcessingOptions {
        if (dpi < 36 || dpi > 600) {
            throw new IllegalArgumentException("dpi must be between 36 and 600, was " + dpi);
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
    }
}
