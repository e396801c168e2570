package dev.docpipe.contracts;

/**
 * The pixels a page image carries. A model that reads text needs no colour: grey pages render and
 * encode faster and are a third of the size. Stored by name: add values, never rename one.
 */
public enum ColourMode {
    /** 8-bit grey. */
    GREY,
    /** 24-bit RGB. */
    COLOUR
}
