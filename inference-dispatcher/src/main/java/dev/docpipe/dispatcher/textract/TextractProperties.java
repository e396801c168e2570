package dev.docpipe.dispatcher.textract;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param endpoint       an endpoint override (the local model endpoint, which speaks Textract); unset on AWS
 * @param documentSource how the page reaches Textract: its bytes in the request (up to 10 MB), or
 *     a reference to the page in S3, which Textract reads with the caller's permissions
 */
@Validated
@ConfigurationProperties("docpipe.inference.textract")
record TextractProperties(URI endpoint, @DefaultValue("BYTES") @NotNull DocumentSource documentSource) {

    enum DocumentSource {
        BYTES,
        S3_OBJECT
    }
}
