package dev.docpipe.small.split;

import dev.docpipe.contracts.SplitChunk;
import io.awspring.cloud.sqs.annotation.SqsListener;
import org.springframework.stereotype.Component;

@Component
class SplitChunkListener {

    private final PageSplitter splitter;

    SplitChunkListener(PageSplitter splitter) {
        this.splitter = splitter;
    }

    @SqsListener("${docpipe.queue.chunk-small}")
    void on(SplitChunk message) {
        splitter.split(message);
    }
}
