package dev.docpipe.converter.render;

import dev.docpipe.contracts.ConvertPage;
import dev.docpipe.core.conversion.PageConversion;
import io.awspring.cloud.sqs.annotation.SqsListener;
import org.springframework.stereotype.Component;

@Component
class ConvertPageListener {

    private final PageConversion conversion;

    ConvertPageListener(PageConversion conversion) {
        this.conversion = conversion;
    }

    @SqsListener("${docpipe.queue.page-single}")
    void on(ConvertPage message) {
        conversion.convert(message);
    }
}
