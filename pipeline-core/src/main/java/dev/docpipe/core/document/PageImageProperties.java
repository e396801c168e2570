package dev.docpipe.core.document;

import dev.docpipe.contracts.ColourMode;
import dev.docpipe.contracts.PageQualityOptions;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What page images look like: what the model needs, and no more.
 *
 * @param colour          the default colour mode; a batch may ask for another ({@code options.colour})
 * @param pngCompression  deflate level 0-9: with 32 levels, 3 was measured the best trade between
 *     encoding time and bytes per page (see {@code bin/benchmark render} and {@link PngWriter})
 * @param levels          levels kept per channel: 32 (steps of about 8 of 255) is invisible to OCR and
 *     hardly to a reader, and makes a PNG of anti-aliased text about a quarter smaller; 256 keeps
 *     every level
 * @param imageLongSide   the standard size of image inputs: larger images are scaled down until their
 *     longer side fits; smaller ones are kept as they are, since enlarging adds no detail
 * @param inferFlaggedPages send a page the quality gate flagged to the model anyway (it is quarantined
 *     either way); off, the page ends QUARANTINED without a result
 * @param fallbackDpi     a PDF page that cannot be rendered within the sandbox's render timeout is
 *     tried once more at this resolution (most of a pathological page's cost grows with its pixels);
 *     0 turns the second try off, and the page fails TIMEOUT at once
 * @param quality         the quality gate's thresholds
 */
@Validated
@ConfigurationProperties("docpipe.page-image")
public record PageImageProperties(
        @DefaultValue("GREY") @NotNull ColourMode colour,
        @DefaultValue("3") @Min(0) @Max(9) int pngCompression,
        @DefaultValue("32") @Min(2) @Max(256) int levels,
        @DefaultValue("2000") @Min(100) int imageLongSide,
        @DefaultValue("true") boolean inferFlaggedPages,
        @DefaultValue("72") @Min(0) int fallbackDpi,
        @DefaultValue QualityThresholds quality) {

    public PageImageProperties {
        if (quality == null) {
            quality = QualityThresholds.defaults();
        }
    }

    /** The settings of one page: the batch's colour mode if it chose one, else the default. */
    public RenderSettings settings(ColourMode requested) {
        return settings(requested, null);
    }

    /** The settings of one page: the batch's colour mode and quality limits where it chose them, else the defaults. */
    public RenderSettings settings(ColourMode requested, PageQualityOptions batchQuality) {
        QualityThresholds thresholds = batchQuality == null ? quality : new QualityThresholds(
                batchQuality.blankDeviation() != null ? batchQuality.blankDeviation() : quality.blankDeviation(),
                batchQuality.blankInk() != null ? batchQuality.blankInk() : quality.blankInk(),
                batchQuality.minSharpness() != null ? batchQuality.minSharpness() : quality.minSharpness());
        return new RenderSettings(requested != null ? requested : colour, pngCompression, levels, imageLongSide, thresholds);
    }

    /** Whether a flagged page still goes to the model: the batch's choice if it made one, else the default. */
    public boolean inferFlagged(PageQualityOptions batchQuality) {
        return batchQuality != null && batchQuality.inferFlagged() != null ? batchQuality.inferFlagged() : inferFlaggedPages;
    }
}
