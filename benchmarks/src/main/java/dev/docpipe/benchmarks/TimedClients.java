package dev.docpipe.benchmarks;

import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.Message;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Added to the dispatcher's context by the benchmark: wraps the clients the service talks to the
 * outside world through (the SageMaker runtime, S3, SQS, the database) so that each call is timed
 * into {@link PhaseTimes}, and marks the handling of each message with an interceptor. The
 * service's own code runs unchanged; a call costs two clock reads more.
 */
final class TimedClients implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private final PhaseTimes times;

    TimedClients(PhaseTimes times) {
        this.times = times;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return wrap(bean);
            }
        });
        context.getBeanFactory().registerSingleton("benchmarkMessageTimer", new MessageTimer(times));
    }

    private Object wrap(Object bean) {
        return switch (bean) {
            case SageMakerRuntimeClient client -> TimedDataSource.timed(SageMakerRuntimeClient.class, client,
                    (target, method, args) -> method.getName().equals("invokeEndpoint")
                            ? timedCall("model call (SageMaker InvokeEndpoint)", target, method, args)
                            : TimedDataSource.invoke(target, method, args));
            case S3Client client -> TimedDataSource.timed(S3Client.class, client,
                    (target, method, args) -> method.getName().equals("getObjectAsBytes")
                            ? timedCall("S3 GetObject (page image)", target, method, args)
                            : TimedDataSource.invoke(target, method, args));
            case SqsAsyncClient client -> TimedDataSource.timed(SqsAsyncClient.class, client, this::timedAsync);
            case DataSource dataSource when !(dataSource instanceof TimedDataSource) -> new TimedDataSource(dataSource, times);
            default -> bean;
        };
    }

    private Object timedCall(String phase, Object target, Method method, Object[] args) throws Throwable {
        boolean inMessage = times.inMessage();
        long start = System.nanoTime();
        try {
            return TimedDataSource.invoke(target, method, args);
        } finally {
            times.record(phase, inMessage, System.nanoTime() - start, 1);
        }
    }

    /** SQS calls are asynchronous: each is timed until its future completes, with the messages it carried. */
    private Object timedAsync(Object target, Method method, Object[] args) throws Throwable {
        boolean inMessage = times.inMessage();
        long start = System.nanoTime();
        Object result = TimedDataSource.invoke(target, method, args);
        if (result instanceof CompletableFuture<?> future) {
            String phase = "SQS " + method.getName();
            return future.whenComplete((response, failure) -> times.record(phase, inMessage, System.nanoTime() - start, items(response)));
        }
        return result;
    }

    private static long items(Object response) {
        return switch (response) {
            case ReceiveMessageResponse r -> r.messages().size();
            case DeleteMessageBatchResponse r -> r.successful().size() + r.failed().size();
            case ChangeMessageVisibilityBatchResponse r -> r.successful().size() + r.failed().size();
            case null, default -> 1;
        };
    }

    /** Marks the handling of each message, so calls made meanwhile on its thread count as the message's. */
    private record MessageTimer(PhaseTimes times) implements MessageInterceptor<Object> {

        @Override
        public Message<Object> intercept(Message<Object> message) {
            times.messageStarted();
            return message;
        }

        @Override
        public void afterProcessing(Message<Object> message, Throwable t) {
            times.messageEnded();
        }
    }
}
