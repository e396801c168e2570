package dev.docpipe.failsafe.deadletter;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/** One listener for every dead-letter queue; the payload type follows the queue's topology entry. */
@Component
class DeadLetterListener {

    private final DeadLetterResolution resolution;

    DeadLetterListener(DeadLetterResolution resolution) {
        this.resolution = resolution;
    }

    @SqsListener({
        "${docpipe.queue.ingest-dlq}",
        "${docpipe.queue.chunk-large-dlq}",
        "${docpipe.queue.chunk-small-dlq}",
        "${docpipe.queue.page-single-dlq}",
        "${docpipe.queue.page-converted-dlq}",
        "${docpipe.queue.textract-completed-dlq}"
    })
    void on(@Payload Object message, @Header(SqsHeaders.SQS_QUEUE_NAME_HEADER) String queue) {
        resolution.resolve(message, queue);
    }
}
