package dev.docpipe.core.messaging;

import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import org.springframework.messaging.Message;

/** Opens and closes every message's run: log context, heartbeat, audit of the outcome. */
class ListenerInterceptor implements MessageInterceptor<Object> {

    private final MessageLifecycle lifecycle;

    ListenerInterceptor(MessageLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public Message<Object> intercept(Message<Object> message) {
        lifecycle.begin(message);
        lifecycle.admit(message);
        return message;
    }

    @Override
    public void afterProcessing(Message<Object> message, Throwable t) {
        lifecycle.end(message);
    }
}
