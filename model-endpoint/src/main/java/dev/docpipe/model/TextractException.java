package dev.docpipe.model;

/**
 * A failure answered the way Textract answers it (AWS JSON 1.1): the error code in the body's
 * {@code __type}, which is what the SDK turns into its modelled exception
 * ({@code InvalidParameterException}, {@code ThrottlingException}, ...).
 */
class TextractException extends RuntimeException {

    private final String type;
    private final int status;

    TextractException(String type, int status, String message) {
        super(message);
        this.type = type;
        this.status = status;
    }

    static TextractException invalidParameter(String message) {
        return new TextractException("InvalidParameterException", 400, message);
    }

    static TextractException invalidS3Object(String message) {
        return new TextractException("InvalidS3ObjectException", 400, message);
    }

    String type() {
        return type;
    }

    int status() {
        return status;
    }
}
