package dev.docpipe.core.testapp;

import dev.docpipe.contracts.ConvertPage;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/** Thin listeners, as in every service: one on a topology queue, one on a queue with a short visibility timeout. */
@Component
class ScriptedListener {

    private final ScriptedWork work;

    ScriptedListener(ScriptedWork work) {
        this.work = work;
    }

    @SqsListener("${docpipe.queue.page-single}")
    void on(ConvertPage message, @Header(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT) String receiveCount) {
        work.handle(message.documentId(), Integer.parseInt(receiveCount));
    }

    @SqsListener("${test.slow-queue}")
    void onSlowQueue(ConvertPage message, @Header(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT) String receiveCount) {
        work.handle(message.documentId(), Integer.parseInt(receiveCount));
    }
}
