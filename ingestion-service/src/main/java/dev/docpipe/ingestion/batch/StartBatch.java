package dev.docpipe.ingestion.batch;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/**
 * The body of {@code POST /batches}.
 *
 * @param bucket   the source bucket; must be on the allowlist
 * @param prefixes key prefixes to list; relative, without {@code ..}
 * @param options  optional processing options
 */
public record StartBatch(@NotBlank String bucket, @NotEmpty List<@NotBlank String> prefixes, @Valid Options options) {

    /** @param model the SageMaker endpoint (or local model) name; @param dpi rendering resolution */
    public record Options(String model, Integer dpi) {}
}
