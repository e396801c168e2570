package dev.docpipe.contracts;

/** The orchestrator's routing class (seed 001's LARGE / SMALL / SINGLE). */
public enum DocumentClass {
    LARGE,
    SMALL,
    SINGLE
}
