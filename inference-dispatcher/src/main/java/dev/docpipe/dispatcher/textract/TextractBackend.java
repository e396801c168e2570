package dev.docpipe.dispatcher.textract;

import dev.docpipe.dispatcher.backend.InferenceBackend;
import dev.docpipe.dispatcher.backend.ModelOutput;
import dev.docpipe.dispatcher.backend.PageInput;
import java.time.Duration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.textract.TextractClient;
import software.amazon.awssdk.services.textract.model.DetectDocumentTextResponse;
import software.amazon.awssdk.services.textract.model.Document;

/**
 * Amazon Textract {@code DetectDocumentText}, one call per page. The batch's model name is not
 * sent (Textract has one model); the answer is kept in Textract's own JSON shape. Faults are
 * classified by {@link TextractCalls}.
 */
class TextractBackend implements InferenceBackend {

    static final String NAME = "textract";

    private final TextractClient client;
    private final TextractProperties.DocumentSource source;

    TextractBackend(TextractClient client, TextractProperties.DocumentSource source) {
        this.client = client;
        this.source = source;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelOutput infer(PageInput page) {
        Document document = switch (source) {
            case BYTES -> Document.builder().bytes(SdkBytes.fromByteArrayUnsafe(page.image())).build();
            case S3_OBJECT -> Document.builder().s3Object(o -> o.bucket(page.page().bucket()).name(page.page().key())).build();
        };
        long start = System.nanoTime();
        DetectDocumentTextResponse response = TextractCalls.call(NAME, () -> client.detectDocumentText(r -> r.document(document)));
        String raw = TextractJson.of(response.documentMetadata(), response.blocks(), response.detectDocumentTextModelVersion());
        return new ModelOutput(NAME, raw, Duration.ofNanos(System.nanoTime() - start));
    }
}
