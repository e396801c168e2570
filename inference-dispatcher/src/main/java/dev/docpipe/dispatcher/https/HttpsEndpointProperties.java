package dev.docpipe.dispatcher.https;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * A model behind a plain HTTPS endpoint, such as API Gateway in front of SageMaker (seed 001).
 * The backend exists only when {@code url} is set (so {@code url} is not required: the properties
 * are bound in every dispatcher, with or without this backend).
 *
 * @param url             where pages are POSTed; {@code {model}} is replaced by the batch's model name
 * @param authHeaderName  the header carrying the credential (API Gateway's API keys use {@code x-api-key})
 * @param authHeaderValue the credential; from the environment or a secret store, never from the repository
 * @param payload         what is sent: the page bytes, or a JSON reference to the page in S3
 * @param timeout         the longest one call may take
 */
@Validated
@ConfigurationProperties("docpipe.inference.https")
record HttpsEndpointProperties(
        String url,
        @DefaultValue("x-api-key") @NotBlank String authHeaderName,
        String authHeaderValue,
        @DefaultValue("BYTES") @NotNull Payload payload,
        @DefaultValue("60s") @NotNull Duration timeout) {

    enum Payload {
        /** The PNG itself, {@code Content-Type: image/png}. */
        BYTES,
        /** {@code {"model","bucket","key","s3Uri"}}: the endpoint reads the page from S3 itself. */
        S3_REFERENCE
    }
}
