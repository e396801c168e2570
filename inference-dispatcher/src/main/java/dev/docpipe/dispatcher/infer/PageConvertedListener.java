package dev.docpipe.dispatcher.infer;

import dev.docpipe.contracts.S3EventNotification;
import io.awspring.cloud.sqs.annotation.SqsListener;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

@Component
class PageConvertedListener {

    private final PageInference inference;

    PageConvertedListener(PageInference inference) {
        this.inference = inference;
    }

    @SqsListener("${docpipe.queue.page-converted}")
    void on(S3EventNotification notification, @Header(name = ThrottleRequeue.THROTTLES, required = false) String throttles) {
        inference.infer(notification, ThrottleRequeue.count(throttles));
    }
}
