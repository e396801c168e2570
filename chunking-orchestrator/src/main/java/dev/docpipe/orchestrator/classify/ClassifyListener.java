package dev.docpipe.orchestrator.classify;

import dev.docpipe.contracts.DocumentIngested;
import io.awspring.cloud.sqs.annotation.SqsListener;
import org.springframework.stereotype.Component;

@Component
class ClassifyListener {

    private final DocumentRouter router;

    ClassifyListener(DocumentRouter router) {
        this.router = router;
    }

    @SqsListener("${docpipe.queue.ingest}")
    void on(DocumentIngested message) {
        router.route(message);
    }
}
