package dev.docpipe.core.document;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The quality gate's limits, all measured on the page scaled to {@link QualityGate#SAMPLE_SIDE}
 * pixels a side in grey levels 0-255, so they do not depend on the resolution.
 *
 * @param blankDeviation a page whose grey levels deviate less than this is near-uniform: blank
 * @param blankInk       ... or whose share of dark pixels is below this: blank (a speck of dust is not text)
 * @param minSharpness   a page whose variance of the Laplacian is below this is too blurred to read
 */
public record QualityThresholds(
        @DefaultValue("4.0") double blankDeviation,
        @DefaultValue("0.0005") double blankInk,
        @DefaultValue("400") double minSharpness) {

    public static QualityThresholds defaults() {
        return new QualityThresholds(4.0, 0.0005, 400);
    }
}
