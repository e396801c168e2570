package dev.docpipe.failsafe.watch;

import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.core.messaging.DeadLetterQueues;
import dev.docpipe.core.schedule.PeriodicTask;
import dev.docpipe.failsafe.FailsafeProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Watches every dead-letter queue: its depth as a gauge ({@code docpipe.dlq.messages}, tagged
 * with the queue; CloudWatch alarms on AWS read SQS's own metrics too), and an alarm the moment a
 * queue stops being empty: an ERROR log line always, and a message to the configured SNS topic.
 * The alarm fires once per change of depth, not every look, and says when a queue is clear again.
 */
@Component
class DeadLetterWatch extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterWatch.class);

    private final DeadLetterQueues deadLetters;
    private final FailsafeProperties properties;
    private final SnsClient sns;
    private final Map<PipelineQueue, AtomicLong> depths = new EnumMap<>(PipelineQueue.class);

    DeadLetterWatch(DeadLetterQueues deadLetters, FailsafeProperties properties, SnsClient sns, MeterRegistry meters) {
        super("dead-letter-watch", properties.watchInterval());
        this.deadLetters = deadLetters;
        this.properties = properties;
        this.sns = sns;
        for (PipelineQueue queue : PipelineQueue.values()) {
            AtomicLong depth = new AtomicLong();
            depths.put(queue, depth);
            Gauge.builder("docpipe.dlq.messages", depth, AtomicLong::get)
                    .description("messages in the dead-letter queue, waiting or being handled")
                    .tag("queue", queue.logicalName())
                    .register(meters);
        }
    }

    @Override
    protected void runOnce() {
        for (DeadLetterQueues.Depth depth : deadLetters.depths()) {
            long before = depths.get(depth.queue()).getAndSet(depth.total());
            if (depth.total() > 0 && depth.total() != before) {
                alarm("dead-letter queue %s holds %d message(s) (%d waiting, %d being handled); see GET /dead-letters"
                        .formatted(depth.name(), depth.total(), depth.visible(), depth.inFlight()));
            } else if (depth.total() == 0 && before > 0) {
                log.info("Dead-letter queue {} is empty again", depth.name());
            }
        }
    }

    private void alarm(String message) {
        log.error("ALARM: {}", message);
        if (properties.alarmTopicArn() == null) {
            return;
        }
        try {
            sns.publish(b -> b.topicArn(properties.alarmTopicArn()).subject("docpipe dead letters").message(message));
        } catch (SdkException e) {
            log.warn("The dead-letter alarm could not be published to {}: {}", properties.alarmTopicArn(), e.toString());
        }
    }
}
