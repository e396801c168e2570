package dev.docpipe.dispatcher.infer;

import dev.docpipe.contracts.S3EventNotification;
import io.awspring.cloud.sqs.annotation.SqsListener;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

@Component
public class PageConvertedListener {

    private final PageInference inference;

    PageConvertedListener(PageInference inference) {
        this.inference = inference;
    }

    /** The listener container's id, by which it can be stopped and started. */
    public static final String ID = "page-converted";

    @SqsListener(value = "${docpipe.queue.page-converted}", id = ID)
    void on(S3EventNotification notification, @Header(name = ThrottleRequeue.THROTTLES, required = false) String throttles) {
        inference.infer(notification, ThrottleRequeue.count(throttles));
    }
}
