package dev.docpipe.large.split;

import dev.docpipe.contracts.SplitDocument;
import io.awspring.cloud.sqs.annotation.SqsListener;
import org.springframework.stereotype.Component;

@Component
class SplitDocumentListener {

    private final ChunkSplitter splitter;

    SplitDocumentListener(ChunkSplitter splitter) {
        this.splitter = splitter;
    }

    @SqsListener("${docpipe.queue.chunk-large}")
    void on(SplitDocument message) {
        splitter.split(message);
    }
}
