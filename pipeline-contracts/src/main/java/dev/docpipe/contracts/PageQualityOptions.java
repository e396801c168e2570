package dev.docpipe.contracts;

/**
 * A batch's own quality-gate limits; every {@code null} keeps the image converter's configured
 * value. The measures are those of the converter's quality gate (grey levels 0-255 of the page
 * scaled to a fixed size), so they do not depend on the resolution.
 *
 * @param blankDeviation a page whose grey levels deviate less than this is blank
 * @param blankInk       ... or whose share of dark pixels is below this (0-1)
 * @param minSharpness   a page whose variance of the Laplacian is below this is too blurred to read
 * @param inferFlagged   whether a flagged page still goes to the model (it is quarantined either way)
 */
public record PageQualityOptions(Double blankDeviation, Double blankInk, Double minSharpness, Boolean inferFlagged) {

    public PageQualityOptions {
        requireRange("blankDeviation", blankDeviation, 0, 128);
        requireRange("blankInk", blankInk, 0, 1);
        requireRange("minSharpness", minSharpness, 0, 1_000_000);
    }

    private static void requireRange(String name, Double value, double min, double max) {
        if (value != null && (value.isNaN() || value < min || value > max)) {
            throw new IllegalArgumentException("%s must be between %s and %s, was %s".formatted(name, min, max, value));
        }
    }
}
