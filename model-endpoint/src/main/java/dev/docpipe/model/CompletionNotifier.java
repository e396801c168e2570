package dev.docpipe.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes a finished job to its {@code NotificationChannel} as it arrives on AWS: Textract
 * publishes to the SNS topic, and the topic delivers to the subscribed SQS queue inside SNS's
 * notification envelope (raw delivery off), the job's status JSON as the envelope's
 * {@code Message} string. Without a subscribed queue the notification is lost, as on AWS; a
 * caller must then find the job by polling.
 */
@Component
class CompletionNotifier {

    private static final Logger log = LoggerFactory.getLogger(CompletionNotifier.class);

    private final AwsClients aws;
    private final TextractJobProperties properties;
    private final JsonMapper json;

    CompletionNotifier(AwsClients aws, TextractJobProperties properties, JsonMapper json) {
        this.aws = aws;
        this.properties = properties;
        this.json = json;
    }

    void completed(TextractJobs.Job job) {
        if (job.channel == null) {
            return;
        }
        String topicArn = job.channel.topicArn();
        String queue = properties.queueOf(topicArn.substring(topicArn.lastIndexOf(':') + 1));
        if (aws.sqs().isEmpty()) {
            log.warn("Textract job {} finished {}; its notification to {} is dropped: SQS access is not configured "
                    + "(docpipe.model.aws.region)", job.id, job.status, topicArn);
            return;
        }
        var sqs = aws.sqs().get();
        try {
            String queueUrl = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(envelope(job, topicArn)));
        } catch (QueueDoesNotExistException e) {
            log.warn("Textract job {} finished {}; topic {} has no subscribed queue '{}', the notification is lost",
                    job.id, job.status, topicArn, queue);
        } catch (SdkException e) {
            log.warn("Textract job {} finished {}; its notification to {} failed and is lost: {}", job.id, job.status, topicArn, e.toString());
        }
    }

    private String envelope(TextractJobs.Job job, String topicArn) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("JobId", job.id);
        status.put("Status", job.status);
        status.put("API", TextractJobs.API);
        if (job.tag != null) {
            status.put("JobTag", job.tag);
        }
        status.put("Timestamp", job.finished.toEpochMilli());
        status.put("DocumentLocation", Map.of("S3ObjectName", job.location.name(), "S3Bucket", job.location.bucket()));
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", UUID.randomUUID().toString());
        envelope.put("TopicArn", topicArn);
        envelope.put("Message", json.writeValueAsString(status));
        envelope.put("Timestamp", Instant.now().toString());
        envelope.put("SignatureVersion", "1");
        return json.writeValueAsString(envelope);
    }
}
