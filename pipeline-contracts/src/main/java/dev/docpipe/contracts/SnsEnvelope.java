package dev.docpipe.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A message an SNS topic delivered to a subscribed SQS queue (raw delivery off): the published
 * message is the {@code Message} string, here a Textract job's completion status as JSON. Only
 * the fields docpipe reads are modelled; the signature fields are ignored.
 *
 * @param type      {@code Notification} for a published message
 * @param messageId SNS's id of the published message
 * @param topicArn  the topic it was published to
 * @param message   the published message
 * @param timestamp when it was published, ISO 8601
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnsEnvelope(
        @JsonProperty("Type") String type,
        @JsonProperty("MessageId") String messageId,
        @JsonProperty("TopicArn") String topicArn,
        @JsonProperty("Message") String message,
        @JsonProperty("Timestamp") String timestamp) {}
