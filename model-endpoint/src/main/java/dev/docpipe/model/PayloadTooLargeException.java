package dev.docpipe.model;

/** The body or the image it holds is larger than this endpoint accepts; sending it again will not help. */
class PayloadTooLargeException extends RuntimeException {

    PayloadTooLargeException(String message) {
        super(message);
    }
}
