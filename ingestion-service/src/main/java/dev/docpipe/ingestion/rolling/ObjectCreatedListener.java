package dev.docpipe.ingestion.rolling;

import dev.docpipe.contracts.ObjectsCreated;
import io.awspring.cloud.sqs.annotation.SqsListener;
import org.springframework.stereotype.Component;

/** S3's notifications of new objects under the configured source prefixes. */
@Component
class ObjectCreatedListener {

    private final ObjectCreatedIngest ingest;

    ObjectCreatedListener(ObjectCreatedIngest ingest) {
        this.ingest = ingest;
    }

    @SqsListener("${docpipe.queue.object-created}")
    void on(ObjectsCreated notification) {
        ingest.handle(notification);
    }
}
