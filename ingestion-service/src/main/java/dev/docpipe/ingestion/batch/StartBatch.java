package dev.docpipe.ingestion.batch;

import dev.docpipe.contracts.ColourMode;
import dev.docpipe.contracts.FeatureOptions;
import dev.docpipe.contracts.PageQualityOptions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The body of {@code POST /batches}.
 *
 * @param bucket   the source bucket; must be on the allowlist (and S3 names are at most 63 characters)
 * @param prefixes key prefixes to list; relative, without {@code ..}
 * @param options  optional processing options
 */
public record StartBatch(@NotBlank @Size(max = 63) String bucket, @NotEmpty List<@NotBlank String> prefixes, @Valid Options options) {

    /**
     * @param model the SageMaker endpoint (or local model) name, in SageMaker's endpoint-name syntax:
     *     it is stored as JSON and sent as a request parameter, so nothing else may pass
     * @param dpi     rendering resolution
     * @param backend how the model is reached ({@code sagemaker}, {@code https}, {@code textract});
     *     unset, the inference dispatcher's configured default
     * @param annotate whether results with boxes also get an annotated page image; unset, no
     * @param colour   {@code GREY} or {@code COLOUR} page images; unset, the image converter's default
     * @param quality  the quality gate's limits for this batch, and whether flagged pages are inferred
     * @param features this batch's feature rules (OCR keywords, detection classes and minimum score)
     * @param fileNamePattern a regular expression with named groups matched against each file name;
     *     the groups are stored on the document as metadata and reports group by them
     */
    public record Options(@Pattern(regexp = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}", message = "must be a model endpoint name") String model,
            Integer dpi,
            @Pattern(regexp = "[a-z][a-z0-9-]{0,31}", message = "must be a backend name such as sagemaker") String backend,
            Boolean annotate,
            ColourMode colour,
            PageQualityOptions quality,
            FeatureOptions features,
            @Size(max = FileNameMetadata.MAX_PATTERN_LENGTH) String fileNamePattern) {

        /** Options naming only the model, resolution, backend and annotation. */
        public Options(String model, Integer dpi, String backend, Boolean annotate) {
            this(model, dpi, backend, annotate, null, null, null, null);
        }
    }
}
