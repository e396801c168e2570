package dev.docpipe.converter.render;

/** A page as PNG bytes, with the size and resolution it was rendered at. */
record RenderedPage(byte[] png, int width, int height, int dpi) {}
