package dev.docpipe.dispatcher.infer;

import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param sagemakerEndpoint an endpoint override for the SageMaker runtime (the local model server);
 *     unset on AWS
 * @param contentType       the content type the model expects for a page
 * @param callTimeout       the longest a model call may take, retries included
 */
@Validated
@ConfigurationProperties("docpipe.inference")
public record InferenceProperties(
        URI sagemakerEndpoint,
        @DefaultValue("image/png") @NotBlank String contentType,
        @DefaultValue("60s") Duration callTimeout) {}
