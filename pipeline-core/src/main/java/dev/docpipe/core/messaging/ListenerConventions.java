package dev.docpipe.core.messaging;

import dev.docpipe.core.ServiceProperties;
import dev.docpipe.core.audit.AuditRecorder;
import dev.docpipe.core.ledger.DocumentLedger;
import io.awspring.cloud.sqs.listener.errorhandler.ErrorHandler;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import dev.docpipe.core.control.BatchGate;
import dev.docpipe.core.control.ParkedMessages;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The SQS listener conventions, written once and picked up by Spring Cloud AWS's default
 * listener container factory, which takes any {@link ErrorHandler} and {@link MessageInterceptor}
 * bean: classification of failures, backoff by receive count, the visibility heartbeat, ids in
 * the log context and an audit row per outcome. A listener is then just
 * {@code @SqsListener("${docpipe.queue.ingest}") void on(DocumentIngested m) { work.handle(m); }}.
 */
@Configuration(proxyBeanMethods = false)
public class ListenerConventions {

    /** Deletes batched as the library does, but all sent when a container stops. */
    @Bean
    static BeanPostProcessor pipelineSqsComponentsInstaller() {
        return PipelineSqsComponents.installer();
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService visibilityHeartbeatScheduler() {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("visibility-heartbeat").daemon().factory());
    }

    @Bean
    PipelineMetrics pipelineMetrics(ObjectProvider<MeterRegistry> registry, ServiceProperties service) {
        return new PipelineMetrics(registry.getIfAvailable(SimpleMeterRegistry::new), service.stage());
    }

    @Bean
    MessageLifecycle messageLifecycle(ServiceProperties service, SqsAsyncClient sqs, QueueNames queues, AuditRecorder audit,
            DocumentLedger ledger, ScheduledExecutorService visibilityHeartbeatScheduler, ListenerProperties listener,
            PipelineMetrics metrics, BatchGate batchGate, ParkedMessages parkedMessages) {
        return new MessageLifecycle(service.stage(), new VisibilityTimeouts(sqs, queues), audit, ledger,
                visibilityHeartbeatScheduler, listener.heartbeat(), metrics, queues, batchGate, parkedMessages);
    }

    @Bean
    BatchGate batchGate(JdbcClient jdbc, ListenerProperties listener) {
        return new BatchGate(jdbc, listener.holdRefresh());
    }

    @Bean
    ParkedMessages parkedMessages(JdbcClient jdbc, ObjectProvider<JsonMapper> jsonMapper) {
        return new ParkedMessages(jdbc, jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
    }

    @Bean
    UnfinishedWorkRelease unfinishedWorkRelease(MessageLifecycle lifecycle) {
        return new UnfinishedWorkRelease(lifecycle);
    }

    @Bean
    DeadLetterQueues deadLetterQueues(SqsAsyncClient sqs, QueueNames queues) {
        return new DeadLetterQueues(sqs, queues);
    }

    @Bean
    MessageInterceptor<Object> pipelineListenerInterceptor(MessageLifecycle lifecycle) {
        return new ListenerInterceptor(lifecycle);
    }

    @Bean
    ErrorHandler<Object> pipelineListenerErrorHandler(MessageLifecycle lifecycle, ListenerProperties listener) {
        return new ListenerErrorHandler(lifecycle, listener);
    }
}
