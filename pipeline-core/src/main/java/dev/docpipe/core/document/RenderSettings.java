package dev.docpipe.core.document;

import dev.docpipe.contracts.ColourMode;

/**
 * How one page image is made, decided by the service and carried by the render task, so the
 * sandbox process needs no configuration of its own.
 *
 * @param colour          grey or RGB pixels
 * @param pngCompression  the deflate level of the PNG (0-9); measured, see {@link PageImageProperties}
 * @param levels          the levels kept per channel (2-256), see {@link PageImageProperties}
 * @param imageLongSide   an image input is scaled down until its longer side fits this many pixels
 * @param quality         when a page counts as blank or unreadable
 */
public record RenderSettings(ColourMode colour, int pngCompression, int levels, int imageLongSide, QualityThresholds quality) {

    /** The settings of an unconfigured service: grey, the measured PNG level, the default thresholds. */
    public static RenderSettings defaults() {
        return new RenderSettings(ColourMode.GREY, 3, 32, 2000, QualityThresholds.defaults());
    }

    public boolean grey() {
        return colour == ColourMode.GREY;
    }
}
