package dev.docpipe.model;

/**
 * The model could not read the payload as an image. SageMaker reports a container's refusal as a
 * {@code ModelError} carrying the status the container answered with, so this keeps that status.
 */
class UnreadableImageException extends RuntimeException {

    private final int originalStatusCode;

    UnreadableImageException(int originalStatusCode, String message) {
        super(message);
        this.originalStatusCode = originalStatusCode;
    }

    UnreadableImageException(int originalStatusCode, String message, Throwable cause) {
        super(message, cause);
        this.originalStatusCode = originalStatusCode;
    }

    int originalStatusCode() {
        return originalStatusCode;
    }
}
