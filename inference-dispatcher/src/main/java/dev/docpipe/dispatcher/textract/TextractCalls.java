package dev.docpipe.dispatcher.textract;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.core.failure.DocumentRejectedException;
import dev.docpipe.dispatcher.backend.ModelThrottledException;
import java.util.function.Supplier;
import software.amazon.awssdk.services.textract.model.BadDocumentException;
import software.amazon.awssdk.services.textract.model.DocumentTooLargeException;
import software.amazon.awssdk.services.textract.model.InvalidParameterException;
import software.amazon.awssdk.services.textract.model.InvalidS3ObjectException;
import software.amazon.awssdk.services.textract.model.LimitExceededException;
import software.amazon.awssdk.services.textract.model.TextractException;
import software.amazon.awssdk.services.textract.model.UnsupportedDocumentException;

/**
 * How every Textract call's faults are classified. The page's own faults (bad, unsupported, too
 * large, unreadable S3 object, invalid parameters) are final; ThrottlingException and
 * ProvisionedThroughputExceededException that outlasted the adaptive retries, and
 * LimitExceededException (too many open jobs), are quota: the page waits and is tried again;
 * InternalServerError and the rest propagate to the queue's backoff.
 */
final class TextractCalls {

    private TextractCalls() {}

    static <T> T call(String backend, Supplier<T> call) {
        try {
            return call.get();
        } catch (BadDocumentException | UnsupportedDocumentException | DocumentTooLargeException | InvalidParameterException
                | InvalidS3ObjectException e) {
            throw new DocumentRejectedException(FailureReason.INFERENCE_REJECTED,
                    "Textract rejected the page: %s %s".formatted(e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage()), e);
        } catch (LimitExceededException e) {
            throw new ModelThrottledException(backend, "Textract has too many open jobs: " + e.awsErrorDetails().errorMessage(), e);
        } catch (TextractException e) {
            if (e.isThrottlingException()) {
                throw new ModelThrottledException(backend, "Textract throttled: " + e.awsErrorDetails().errorCode(), e);
            }
            throw e;
        }
    }
}
