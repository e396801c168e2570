package dev.docpipe.core.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Each queue's visibility timeout as SQS has it, asked once per queue: the heartbeat must follow
 * the queue's real setting, which operations may tune without a redeploy. Falls back to the
 * topology's value when SQS cannot be asked.
 */
class VisibilityTimeouts {

    private static final Logger log = LoggerFactory.getLogger(VisibilityTimeouts.class);

    private final SqsAsyncClient sqs;
    private final QueueNames queues;
    private final Map<String, Duration> byQueueUrl = new ConcurrentHashMap<>();

    VisibilityTimeouts(SqsAsyncClient sqs, QueueNames queues) {
        this.sqs = sqs;
        this.queues = queues;
    }

    Duration of(String queueName, String queueUrl) {
        if (queueUrl == null) {
            return queues.visibilityOf(queueName);
        }
        return byQueueUrl.computeIfAbsent(queueUrl, url -> ask(queueName, url));
    }

    private Duration ask(String queueName, String queueUrl) {
        try {
            String seconds = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                    .join()
                    .attributes()
                    .get(QueueAttributeName.VISIBILITY_TIMEOUT);
            return Duration.ofSeconds(Long.parseLong(seconds));
        } catch (RuntimeException e) {
            log.warn("Cannot read the visibility timeout of {}, assuming the topology's: {}", queueName, e.toString());
            return queues.visibilityOf(queueName);
        }
    }
}
