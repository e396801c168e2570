package dev.docpipe.core.messaging;

import dev.docpipe.contracts.Stage;
import dev.docpipe.core.audit.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The metrics every service publishes about its messages, named once here so that dashboards and
 * alarms read the same names from every stage:
 * <ul>
 *   <li>{@code docpipe.messages} (counter): messages handled, by stage, queue and outcome;</li>
 *   <li>{@code docpipe.stage.duration} (timer, with a histogram): time from receipt to outcome;</li>
 *   <li>{@code docpipe.pages} (counter): pages through a stage, whose rate is pages per second;</li>
 *   <li>{@code docpipe.queue.message.age} (timer): how long a message waited in its queue
 *       before this receipt, from SQS's SentTimestamp;</li>
 *   <li>{@code docpipe.failures} (counter): failures by stage and reason (a rejection's reason code,
 *       or the exception type of a retried failure).</li>
 * </ul>
 */
public class PipelineMetrics {

    private final MeterRegistry registry;
    private final String stage;

    public PipelineMetrics(MeterRegistry registry, Stage stage) {
        this.registry = registry;
        this.stage = stage.name();
    }

    void received(String queue, Duration waited) {
        Timer.builder("docpipe.queue.message.age")
                .description("Time a message waited in its queue before this receipt")
                .tags("stage", stage, "queue", tagValue(queue))
                .register(registry)
                .record(waited.isNegative() ? Duration.ZERO : waited);
    }

    void handled(String queue, Outcome outcome, Duration took, boolean page) {
        Counter.builder("docpipe.messages")
                .description("Messages handled, by outcome")
                .tags("stage", stage, "queue", tagValue(queue), "outcome", outcome.name())
                .register(registry)
                .increment();
        Timer.builder("docpipe.stage.duration")
                .description("Time from a message's receipt to its outcome")
                .tags("stage", stage, "outcome", outcome.name())
                .publishPercentileHistogram()
                .register(registry)
                .record(took);
        if (page && outcome == Outcome.SUCCEEDED) {
            Counter.builder("docpipe.pages")
                    .description("Pages through this stage; its rate is pages per second")
                    .tags("stage", stage)
                    .register(registry)
                    .increment();
        }
    }

    void failed(String reason) {
        Counter.builder("docpipe.failures")
                .description("Failures by reason: rejections by their code, retried failures by exception type")
                .tags("stage", stage, "reason", reason)
                .register(registry)
                .increment();
    }

    private static String tagValue(String queue) {
        return queue == null ? "unknown" : queue;
    }
}
