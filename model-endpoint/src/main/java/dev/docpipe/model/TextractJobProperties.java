package dev.docpipe.model;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Asynchronous Textract jobs ({@code StartDocumentTextDetection} / {@code GetDocumentTextDetection}).
 *
 * @param maxOpenJobs the most jobs queued or running at once; one more is refused with
 *     LimitExceededException, as Textract refuses jobs over the account's concurrent-job quota
 * @param workers     jobs recognised at once (each takes one OCR engine while it runs)
 * @param retention   how long a finished job's results can be read (Textract keeps them 7 days)
 * @param topicQueues where each SNS topic's notifications go: topic name (the ARN's last part) to
 *     the name of the SQS queue subscribed to it; a topic not listed delivers to the queue of its
 *     own name, and a topic without a queue drops the notification, as a topic without subscribers does
 */
@Validated
@ConfigurationProperties("docpipe.model.textract-jobs")
record TextractJobProperties(
        @DefaultValue("100") @Positive int maxOpenJobs,
        @DefaultValue("1") @Positive int workers,
        @DefaultValue("24h") @NotNull Duration retention,
        Map<String, String> topicQueues) {

    TextractJobProperties {
        topicQueues = topicQueues == null ? Map.of() : Map.copyOf(topicQueues);
    }

    String queueOf(String topicName) {
        return topicQueues.getOrDefault(topicName, topicName);
    }
}
