package dev.docpipe.core.messaging;

import dev.docpipe.contracts.PipelineQueue;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.env.Environment;

/**
 * Physical queue names, from configuration ({@code docpipe.queue.<logical-name>}, defaulting to
 * the topology's names), and the way back from a physical name to the topology entry.
 */
public class QueueNames {

    private final Map<PipelineQueue, String> sources = new HashMap<>();
    private final Map<PipelineQueue, String> deadLetters = new HashMap<>();
    private final Map<String, PipelineQueue> byPhysicalName = new HashMap<>();

    public QueueNames(Environment environment) {
        for (PipelineQueue queue : PipelineQueue.values()) {
            String key = "docpipe.queue." + queue.logicalName();
            String source = environment.getProperty(key, queue.defaultName());
            String dlq = environment.getProperty(key + "-dlq", queue.defaultDlqName());
            sources.put(queue, source);
            deadLetters.put(queue, dlq);
            byPhysicalName.put(source, queue);
            byPhysicalName.put(dlq, queue);
        }
    }

    public String of(PipelineQueue queue) {
        return sources.get(queue);
    }

    public String deadLetterOf(PipelineQueue queue) {
        return deadLetters.get(queue);
    }

    /** The topology entry a physical queue (or its dead-letter queue) belongs to. */
    public Optional<PipelineQueue> find(String physicalName) {
        return Optional.ofNullable(byPhysicalName.get(physicalName));
    }

    public boolean isDeadLetterQueue(String physicalName) {
        return deadLetters.containsValue(physicalName);
    }

    /** How long a message of this queue stays invisible after a receive. */
    public Duration visibilityOf(String physicalName) {
        return find(physicalName)
                .filter(q -> !isDeadLetterQueue(physicalName))
                .map(PipelineQueue::visibilityTimeout)
                .orElse(DEAD_LETTER_VISIBILITY);
    }

    /** The SQS default, which dead-letter queues keep. */
    static final Duration DEAD_LETTER_VISIBILITY = Duration.ofSeconds(30);
}
