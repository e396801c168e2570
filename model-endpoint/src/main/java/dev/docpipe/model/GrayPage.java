package dev.docpipe.model;

/**
 * A decoded page as Tesseract takes it: 8-bit grey, one byte per pixel, rows packed without padding.
 *
 * @param pixels row-major grey levels, {@code width * height} bytes
 * @param width  width in pixels
 * @param height height in pixels
 * @param dpi    resolution the image declares, or the configured default
 */
record GrayPage(byte[] pixels, int width, int height, int dpi) {}
