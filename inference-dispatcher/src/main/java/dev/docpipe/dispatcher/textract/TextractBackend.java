package dev.docpipe.dispatcher.textract;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.core.failure.DocumentRejectedException;
import dev.docpipe.dispatcher.backend.InferenceBackend;
import dev.docpipe.dispatcher.backend.ModelOutput;
import dev.docpipe.dispatcher.backend.ModelThrottledException;
import dev.docpipe.dispatcher.backend.PageInput;
import java.time.Duration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.textract.TextractClient;
import software.amazon.awssdk.services.textract.model.BadDocumentException;
import software.amazon.awssdk.services.textract.model.DetectDocumentTextResponse;
import software.amazon.awssdk.services.textract.model.Document;
import software.amazon.awssdk.services.textract.model.DocumentTooLargeException;
import software.amazon.awssdk.services.textract.model.InvalidParameterException;
import software.amazon.awssdk.services.textract.model.InvalidS3ObjectException;
import software.amazon.awssdk.services.textract.model.TextractException;
import software.amazon.awssdk.services.textract.model.UnsupportedDocumentException;

/**
 * Amazon Textract {@code DetectDocumentText}, one call per page. The batch's model name is not
 * sent (Textract has one model); the answer is kept in Textract's own JSON shape. The page's
 * faults (bad, unsupported, too large, unreadable S3 object, invalid parameters) are final;
 * ThrottlingException and ProvisionedThroughputExceededException that outlasted the adaptive
 * retries re-queue the page; InternalServerError and the rest are retried with backoff.
 */
class TextractBackend implements InferenceBackend {

    static final String NAME = "textract";

    private final TextractClient client;
    private final TextractProperties.DocumentSource source;

    TextractBackend(TextractClient client, TextractProperties.DocumentSource source) {
        this.client = client;
        this.source = source;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelOutput infer(PageInput page) {
        Document document = switch (source) {
            case BYTES -> Document.builder().bytes(SdkBytes.fromByteArrayUnsafe(page.image())).build();
            case S3_OBJECT -> Document.builder().s3Object(o -> o.bucket(page.page().bucket()).name(page.page().key())).build();
        };
        long start = System.nanoTime();
        DetectDocumentTextResponse response;
        try {
            response = client.detectDocumentText(r -> r.document(document));
        } catch (BadDocumentException | UnsupportedDocumentException | DocumentTooLargeException | InvalidParameterException
                | InvalidS3ObjectException e) {
            throw new DocumentRejectedException(FailureReason.INFERENCE_REJECTED,
                    "Textract rejected the page: %s %s".formatted(e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage()), e);
        } catch (TextractException e) {
            if (e.isThrottlingException()) {
                throw new ModelThrottledException(NAME, "Textract throttled: " + e.awsErrorDetails().errorCode(), e);
            }
            throw e;
        }
        return new ModelOutput(NAME, TextractJson.of(response), Duration.ofNanos(System.nanoTime() - start));
    }
}
