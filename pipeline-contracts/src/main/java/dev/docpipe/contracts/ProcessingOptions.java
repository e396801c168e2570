package dev.docpipe.contracts;

import java.util.regex.Pattern;

/**
 * The per-batch options that travel with every request, so that no stage needs a database
 * lookup to do its work.
 *
 * @param dpi     rendering resolution of pages
 * @param model   the model (SageMaker endpoint name) that infers every page
 * @param backend how the model is reached ({@code sagemaker}, {@code https}, {@code textract}, ...);
 *     {@code null} means the inference dispatcher's configured default
 * @param colour  the pixels of every page image; {@code null} means the image converter's configured
 *     default
 * @param annotate whether results with boxes also get an annotated copy of the page image, the
 *     boxes and their labels drawn on it; absent (options written before it existed) means no
 * @param quality the batch's quality-gate limits; {@code null} keeps the image converter's
 * @param features the batch's feature rules; {@code null} keeps those configured for the model
 */
public record ProcessingOptions(int dpi, String model, String backend, ColourMode colour, Boolean annotate,
        PageQualityOptions quality, FeatureOptions features) {

    public static final int DEFAULT_DPI = 150;

    /** Backend names are short identifiers: they are stored as JSON and logged, so nothing else may pass. */
    private static final Pattern BACKEND_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public ProcessingOptions {
        if (dpi < 36 || dpi > 600) {
            throw new IllegalArgumentException("dpi must be between 36 and 600, was " + dpi);
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        if (backend != null && !BACKEND_NAME.matcher(backend).matches()) {
            throw new IllegalArgumentException("backend must be a lower-case name such as 'sagemaker', was '" + backend + "'");
        }
        annotate = Boolean.TRUE.equals(annotate);
    }

    /** Options without quality limits or feature rules of the batch's own. */
    public ProcessingOptions(int dpi, String model, String backend, ColourMode colour, Boolean annotate) {
        this(dpi, model, backend, colour, annotate, null, null);
    }

    /** Options without a backend, colour or annotation choice: the services' defaults serve the batch. */
    public ProcessingOptions(int dpi, String model) {
        this(dpi, model, null, null, false);
    }

    /** Options without a colour choice (the converter's default colour mode renders the batch), and no annotated images. */
    public ProcessingOptions(int dpi, String model, String backend) {
        this(dpi, model, backend, null, false);
    }

    /** Options without annotated images. */
    public ProcessingOptions(int dpi, String model, String backend, ColourMode colour) {
        this(dpi, model, backend, colour, false);
    }

    /** Options without a colour choice. */
    public ProcessingOptions(int dpi, String model, String backend, boolean annotate) {
        this(dpi, model, backend, null, annotate);
    }
}
