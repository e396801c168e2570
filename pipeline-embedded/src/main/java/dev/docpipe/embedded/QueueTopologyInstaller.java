package dev.docpipe.embedded;

import dev.docpipe.contracts.PipelineQueue;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * Creates the queues of {@link PipelineQueue}, each with its dead-letter queue and redrive policy,
 * through the plain SQS API, so the same code serves ElasticMQ, LocalStack and AWS.
 *
 * <p>Idempotent and converging: a queue that exists gets its attributes set to the topology's,
 * because SQS refuses {@code CreateQueue} for an existing queue whose attributes differ.
 */
public final class QueueTopologyInstaller {

    private final SqsClient sqs;
    private final String namePrefix;

    /** An installer for the topology's default queue names. */
    public QueueTopologyInstaller(SqsClient sqs) {
        this(sqs, "");
    }

    /** An installer that puts {@code namePrefix} before every queue name (e.g. per test run or stack). */
    public QueueTopologyInstaller(SqsClient sqs, String namePrefix) {
        this.sqs = sqs;
        this.namePrefix = namePrefix;
    }

    /** Installs every queue of the topology, in declaration order. */
    public List<InstalledQueue> installAll() {
        return Arrays.stream(PipelineQueue.values()).map(this::install).toList();
    }

    /** Installs one queue: its dead-letter queue first, because the redrive policy needs its ARN. */
    public InstalledQueue install(PipelineQueue queue) {
        String dlqName = dlqName(queue);
        String dlqUrl = createOrUpdate(dlqName, deadLetterQueueAttributes());
        String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);

        String name = queueName(queue);
        String url = createOrUpdate(name, sourceQueueAttributes(queue, dlqArn));
        return new InstalledQueue(queue, name, url, dlqName, dlqUrl, dlqArn);
    }

    public String queueName(PipelineQueue queue) {
        return namePrefix + queue.defaultName();
    }

    public String dlqName(PipelineQueue queue) {
        return namePrefix + queue.defaultDlqName();
    }

    private String createOrUpdate(String name, Map<QueueAttributeName, String> attributes) {
        Optional<String> existing = queueUrl(name);
        if (existing.isEmpty()) {
            try {
                return sqs.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
            } catch (QueueNameExistsException createdMeanwhile) {
                // Another installer won the race; converge its queue like any existing one.
            }
        }
        String url = existing.orElseGet(() -> sqs.getQueueUrl(r -> r.queueName(name)).queueUrl());
        sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(attributes));
        return url;
    }

    private Optional<String> queueUrl(String name) {
        try {
            return Optional.of(sqs.getQueueUrl(r -> r.queueName(name)).queueUrl());
        } catch (QueueDoesNotExistException absent) {
            return Optional.empty();
        }
    }

    static Map<QueueAttributeName, String> deadLetterQueueAttributes() {
        return Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, seconds(PipelineQueue.DLQ_RETENTION));
    }

    static Map<QueueAttributeName, String> sourceQueueAttributes(PipelineQueue queue, String deadLetterTargetArn) {
        return Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, seconds(queue.visibilityTimeout()),
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, seconds(PipelineQueue.RETENTION),
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy(deadLetterTargetArn));
    }

    private static String redrivePolicy(String deadLetterTargetArn) {
        return "{\"deadLetterTargetArn\":\"" + deadLetterTargetArn + "\",\"maxReceiveCount\":"
                + PipelineQueue.MAX_RECEIVE_COUNT + "}";
    }

    private static String seconds(Duration duration) {
        return Long.toString(duration.toSeconds());
    }
}
