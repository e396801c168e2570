package dev.docpipe.model;

import java.time.Duration;

/** Every OCR engine stayed busy for the whole wait: the caller should back off and retry. */
class OcrSlotsBusyException extends RuntimeException {

    OcrSlotsBusyException(Duration waited) {
        super("All OCR engines stayed busy for " + waited.toMillis() + " ms; retry with backoff.");
    }
}
