package dev.docpipe.dispatcher.infer;

import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.S3EventNotification;
import dev.docpipe.core.messaging.QueueNames;
import dev.docpipe.core.messaging.StageContext;
import dev.docpipe.dispatcher.backend.InferenceProperties;
import dev.docpipe.dispatcher.backend.ModelThrottledException;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends a throttled page back to its queue as a NEW message with a delay; the caller then returns
 * normally, so the original is acknowledged. Throttling is the service protecting its quota, not
 * a fault of the page: left to visibility backoff, five throttles in a row would use up the
 * message's receives and dead-letter a healthy document. A new message starts at receive count 1,
 * and carries how often the page was throttled so the delay keeps growing.
 */
@Component
class ThrottleRequeue {

    /** Message attribute: how many times this page was throttled before. */
    static final String THROTTLES = "docpipe-throttles";

    /** SQS's longest message delay. */
    private static final Duration MAX_SQS_DELAY = Duration.ofMinutes(15);

    private static final Logger log = LoggerFactory.getLogger(ThrottleRequeue.class);

    private final SqsTemplate sqs;
    private final QueueNames queues;
    private final InferenceProperties.Requeue settings;
    private final MeterRegistry meters;

    ThrottleRequeue(SqsTemplate sqs, QueueNames queues, InferenceProperties properties, MeterRegistry meters) {
        this.sqs = sqs;
        this.queues = queues;
        this.settings = properties.throttleRequeue();
        this.meters = meters;
    }

    static int count(String header) {
        try {
            return header == null ? 0 : Math.max(0, Integer.parseInt(header.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Re-queues the page after its {@code previous + 1}-th throttle. */
    void later(S3EventNotification notification, int previous, ModelThrottledException throttled) {
        int throttles = previous + 1;
        Duration delay = delayAfter(throttles, throttled);
        // A send that fails throws: the original is then not acknowledged and comes back by visibility.
        sqs.send(to -> to.queue(queues.of(PipelineQueue.PAGE_CONVERTED))
                .payload(notification)
                .delaySeconds((int) delay.toSeconds())
                .header(THROTTLES, Integer.toString(throttles)));
        meters.counter("docpipe.inference.requeued", "backend", throttled.backend()).increment();
        StageContext.requeued("throttled by %s (%s); re-queued with a %d s delay, throttle %d"
                .formatted(throttled.backend(), throttled.getMessage(), delay.toSeconds(), throttles));
        log.info("Page throttled by {} ({} times), re-queued in {} s: {}", throttled.backend(), throttles, delay.toSeconds(),
                throttled.getMessage());
    }

    /**
     * Exponential in the number of throttles, at least what the service asked for, with jitter so
     * that pages throttled together do not come back together.
     */
    Duration delayAfter(int throttles, ModelThrottledException throttled) {
        double exponential = settings.initialDelay().toMillis() * Math.pow(2, Math.min(throttles - 1, 20));
        long ceiling = Math.min(settings.maxDelay().toMillis(), MAX_SQS_DELAY.toMillis());
        long millis = (long) Math.min(exponential, ceiling);
        long jittered = millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
        long asked = throttled.retryAfter().map(Duration::toMillis).orElse(0L);
        long seconds = Math.max(1, Math.min(ceiling, Math.max(jittered, asked)) / 1000);
        return Duration.ofSeconds(seconds);
    }
}
