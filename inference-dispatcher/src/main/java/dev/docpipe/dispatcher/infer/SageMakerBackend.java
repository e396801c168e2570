package dev.docpipe.dispatcher.infer;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.core.failure.DocumentRejectedException;
import java.time.Duration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;
import tools.jackson.databind.json.JsonMapper;

/**
 * SageMaker runtime {@code InvokeEndpoint} with the page bytes. The model name of a batch is the
 * endpoint name. A validation or model error is about this page and final; everything else the
 * SDK already retried (adaptive mode) and is left to the queue's backoff.
 */
class SageMakerBackend implements InferenceBackend {

    private final SageMakerRuntimeClient client;
    private final InferenceProperties properties;
    private final JsonMapper json;

    SageMakerBackend(SageMakerRuntimeClient client, InferenceProperties properties, JsonMapper json) {
        this.client = client;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public ModelOutput infer(String model, byte[] pageImage) {
        long start = System.nanoTime();
        InvokeEndpointResponse response;
        try {
            response = client.invokeEndpoint(r -> r.endpointName(model)
                    .contentType(properties.contentType())
                    .accept("application/json")
                    .body(SdkBytes.fromByteArrayUnsafe(pageImage)));
        } catch (ValidationErrorException | ModelErrorException e) {
            throw new DocumentRejectedException(FailureReason.INFERENCE_REJECTED,
                    "model %s rejected the page: %s".formatted(model, e.awsErrorDetails().errorMessage()), e);
        }
        String raw = response.body().asUtf8String();
        return new ModelOutput("sagemaker", raw, OcrFeatures.extract(json, raw), Duration.ofNanos(System.nanoTime() - start));
    }
}
