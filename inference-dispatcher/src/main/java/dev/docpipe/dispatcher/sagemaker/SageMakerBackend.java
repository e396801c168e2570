package dev.docpipe.dispatcher.sagemaker;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.core.failure.DocumentRejectedException;
import dev.docpipe.dispatcher.backend.InferenceBackend;
import dev.docpipe.dispatcher.backend.ModelOutput;
import dev.docpipe.dispatcher.backend.ModelThrottledException;
import dev.docpipe.dispatcher.backend.PageInput;
import java.time.Duration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * SageMaker runtime {@code InvokeEndpoint} with the page bytes. The model name of a batch is the
 * endpoint name. A validation or model error is about this page and final; throttling that
 * outlasted the SDK's adaptive retries re-queues the page; everything else is left to the
 * queue's backoff.
 */
class SageMakerBackend implements InferenceBackend {

    static final String NAME = "sagemaker";

    private final SageMakerRuntimeClient client;
    private final String contentType;

    SageMakerBackend(SageMakerRuntimeClient client, String contentType) {
        this.client = client;
        this.contentType = contentType;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelOutput infer(PageInput page) {
        byte[] image = page.image();
        long start = System.nanoTime();
        InvokeEndpointResponse response;
        try {
            response = client.invokeEndpoint(r -> r.endpointName(page.model())
                    .contentType(contentType)
                    .accept("application/json")
                    .body(SdkBytes.fromByteArrayUnsafe(image)));
        } catch (ValidationErrorException | ModelErrorException e) {
            throw new DocumentRejectedException(FailureReason.INFERENCE_REJECTED,
                    "model %s rejected the page: %s".formatted(page.model(), e.awsErrorDetails().errorMessage()), e);
        } catch (SageMakerRuntimeException e) {
            if (e.isThrottlingException()) {
                throw new ModelThrottledException(NAME, "SageMaker throttled endpoint " + page.model(), e);
            }
            throw e;
        }
        return new ModelOutput(NAME, response.body().asUtf8String(), Duration.ofNanos(System.nanoTime() - start));
    }
}
