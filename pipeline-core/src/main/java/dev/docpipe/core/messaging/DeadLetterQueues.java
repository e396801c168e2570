package dev.docpipe.core.messaging;

import dev.docpipe.contracts.PipelineQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The dead-letter queues as operators see them: how many messages each holds, and redrive back
 * to the source queue with SQS's own message move task ({@code StartMessageMoveTask}), which
 * moves every message as it is and leaves the source's redrive policy in force, so a message
 * that fails again comes back to the dead-letter queue rather than looping.
 */
public class DeadLetterQueues {

    private final SqsAsyncClient sqs;
    private final QueueNames queues;

    public DeadLetterQueues(SqsAsyncClient sqs, QueueNames queues) {
        this.sqs = sqs;
        this.queues = queues;
    }

    /**
     * @param queue    the topology entry whose dead-letter queue this is
     * @param name     the dead-letter queue's physical name
     * @param visible  messages waiting (approximate, as SQS counts)
     * @param inFlight messages received and not yet deleted, the failsafe worker's work in progress
     */
    public record Depth(PipelineQueue queue, String name, long visible, long inFlight) {

        public long total() {
            return visible + inFlight;
        }
    }

    /**
     * @param taskHandle the move task's handle while it runs; null once it finished
     * @param status     RUNNING, COMPLETED, CANCELLING, CANCELLED or FAILED
     * @param moved      messages moved so far
     * @param started    when the task started
     */
    public record Redrive(PipelineQueue queue, String taskHandle, String status, long moved, Instant started) {}

    public List<Depth> depths() {
        List<Depth> depths = new ArrayList<>();
        for (PipelineQueue queue : PipelineQueue.values()) {
            String name = queues.deadLetterOf(queue);
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url(name)).attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .join()
                    .attributes();
            depths.add(new Depth(queue, name, count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                    count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
        }
        return depths;
    }

    /**
     * Starts moving the dead-letter queue's messages back to their source queue, or answers the
     * move already running: SQS allows one per queue, and asking twice must not fail.
     */
    public Redrive redrive(PipelineQueue queue) {
        Optional<Redrive> running = latest(queue).filter(r -> "RUNNING".equals(r.status()));
        if (running.isPresent()) {
            return running.get();
        }
        String handle = sqs.startMessageMoveTask(b -> b.sourceArn(arn(queues.deadLetterOf(queue)))
                        .destinationArn(arn(queues.of(queue))))
                .join()
                .taskHandle();
        return latest(queue).orElse(new Redrive(queue, handle, "RUNNING", 0, Instant.now()));
    }

    /** The newest move task of the queue's dead-letter queue, if any ran. */
    public Optional<Redrive> latest(PipelineQueue queue) {
        return sqs.listMessageMoveTasks(b -> b.sourceArn(arn(queues.deadLetterOf(queue))).maxResults(1))
                .join()
                .results()
                .stream()
                .findFirst()
                .map(task -> redrive(queue, task));
    }

    private static Redrive redrive(PipelineQueue queue, ListMessageMoveTasksResultEntry task) {
        return new Redrive(queue, task.taskHandle(), task.status(),
                task.approximateNumberOfMessagesMoved() == null ? 0 : task.approximateNumberOfMessagesMoved(),
                task.startedTimestamp() == null ? null : Instant.ofEpochMilli(task.startedTimestamp()));
    }

    private String url(String name) {
        return sqs.getQueueUrl(b -> b.queueName(name)).join().queueUrl();
    }

    private String arn(String name) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url(name)).attributeNames(QueueAttributeName.QUEUE_ARN))
                .join()
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    private static long count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
        String value = attributes.get(name);
        return value == null ? 0 : Long.parseLong(value);
    }
}
