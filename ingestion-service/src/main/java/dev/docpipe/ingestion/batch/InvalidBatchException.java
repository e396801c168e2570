package dev.docpipe.ingestion.batch;

/** A batch request that is well-formed JSON but not acceptable: answered 400, nothing is listed. */
class InvalidBatchException extends RuntimeException {

    InvalidBatchException(String message) {
        super(message);
    }
}
