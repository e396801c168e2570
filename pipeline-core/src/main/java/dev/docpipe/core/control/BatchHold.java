package dev.docpipe.core.control;

/** Whether a batch's work may go on: a paused batch's messages are parked, a cancelled one's dropped. */
public enum BatchHold {
    NONE,
    PAUSED,
    CANCELLED
}
