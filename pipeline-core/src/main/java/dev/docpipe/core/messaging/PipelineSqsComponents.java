package dev.docpipe.core.messaging;

import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.StandardSqsComponentFactory;
import io.awspring.cloud.sqs.listener.acknowledgement.AcknowledgementOrdering;
import io.awspring.cloud.sqs.listener.acknowledgement.AcknowledgementProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * The listener containers' components for the pipeline's standard queues: Spring Cloud AWS's own,
 * but with deletes batched by {@link DrainingAcknowledgementProcessor}, so that a graceful stop
 * deletes every message whose work finished. The batching defaults are the library's (a second
 * or ten messages, in parallel); an interval of zero with a threshold of zero still means
 * immediate deletes.
 */
final class PipelineSqsComponents<T> extends StandardSqsComponentFactory<T> {

    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    private static final int DEFAULT_THRESHOLD = 10;
    /** SQS's limit for one DeleteMessageBatch call. */
    private static final int MAX_PER_BATCH = 10;

    @Override
    public AcknowledgementProcessor<T> createAcknowledgementProcessor(SqsContainerOptions options) {
        Duration interval = Objects.requireNonNullElse(options.getAcknowledgementInterval(), DEFAULT_INTERVAL);
        int threshold = Objects.requireNonNullElse(options.getAcknowledgementThreshold(), DEFAULT_THRESHOLD);
        if (interval.isZero() && threshold == 0) {
            return super.createAcknowledgementProcessor(options);
        }
        DrainingAcknowledgementProcessor<T> processor = new DrainingAcknowledgementProcessor<>();
        processor.setMaxAcknowledgementsPerBatch(MAX_PER_BATCH);
        processor.configure(options.toBuilder()
                .acknowledgementInterval(interval)
                .acknowledgementThreshold(threshold)
                .acknowledgementOrdering(Objects.requireNonNullElse(options.getAcknowledgementOrdering(), AcknowledgementOrdering.PARALLEL))
                .build());
        return processor;
    }

    /** Gives every SQS listener container factory of the context these components. */
    static BeanPostProcessor installer() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof SqsMessageListenerContainerFactory<?> factory) {
                    install(factory);
                }
                return bean;
            }
        };
    }

    private static <T> void install(SqsMessageListenerContainerFactory<T> factory) {
        factory.setContainerComponentFactories(List.of(new PipelineSqsComponents<>()));
    }
}
