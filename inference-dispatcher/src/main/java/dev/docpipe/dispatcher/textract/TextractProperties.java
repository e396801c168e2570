package dev.docpipe.dispatcher.textract;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param endpoint       an endpoint override (the local model endpoint, which speaks Textract); unset on AWS
 * @param documentSource how the page reaches {@code DetectDocumentText}: its bytes in the request
 *     (up to 10 MB), or a reference to the page in S3, which Textract reads with the caller's permissions
 * @param async          the asynchronous backend ({@code textract-async})
 */
@Validated
@ConfigurationProperties("docpipe.inference.textract")
record TextractProperties(
        URI endpoint,
        @DefaultValue("BYTES") @NotNull DocumentSource documentSource,
        @DefaultValue @Valid Async async) {

    enum DocumentSource {
        BYTES,
        S3_OBJECT
    }

    /**
     * {@code StartDocumentTextDetection} on the page in S3, completion announced on an SNS topic
     * whose subscribed SQS queue is {@code docpipe.queue.textract-completed}.
     *
     * @param snsTopicArn  the topic Textract publishes completions to; without it no notification
     *     comes and every job is found by polling
     * @param roleArn      the IAM role Textract assumes to publish to the topic
     * @param outputBucket where Textract also writes each job's results ({@code OutputConfig}); optional
     * @param outputPrefix the key prefix of those results
     * @param maxResults   blocks per {@code GetDocumentTextDetection} page (Textract's maximum is 1,000)
     */
    record Async(
            String snsTopicArn,
            String roleArn,
            String outputBucket,
            String outputPrefix,
            @DefaultValue("1000") @Positive @Max(1000) int maxResults) {}
}
