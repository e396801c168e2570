package dev.docpipe.dispatcher.textract;

import dev.docpipe.dispatcher.backend.AsyncInferenceBackend;
import dev.docpipe.dispatcher.backend.JobStarted;
import dev.docpipe.dispatcher.backend.ModelOutput;
import dev.docpipe.dispatcher.backend.PageInput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.textract.TextractClient;
import software.amazon.awssdk.services.textract.model.Block;
import software.amazon.awssdk.services.textract.model.GetDocumentTextDetectionResponse;
import software.amazon.awssdk.services.textract.model.InvalidJobIdException;
import software.amazon.awssdk.services.textract.model.StartDocumentTextDetectionRequest;

/**
 * Amazon Textract's asynchronous text detection: {@code StartDocumentTextDetection} on the page
 * in S3, the job's completion published to the configured SNS topic, the result read with
 * {@code GetDocumentTextDetection}, page after page by {@code NextToken} until every block is in.
 * The client request token is derived from the page, the model and the generation, so a
 * redelivered page gets the job it already started rather than a second one.
 */
class TextractAsyncBackend implements AsyncInferenceBackend {

    static final String NAME = "textract-async";

    private final TextractClient client;
    private final TextractProperties.Async settings;

    TextractAsyncBackend(TextractClient client, TextractProperties.Async settings) {
        this.client = client;
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JobStarted infer(PageInput page) {
        var request = StartDocumentTextDetectionRequest.builder()
                .documentLocation(l -> l.s3Object(o -> o.bucket(page.page().bucket()).name(page.page().key())))
                .clientRequestToken(token(page))
                .jobTag(page.page().documentId() + ":" + page.page().pageNumber());
        if (settings.snsTopicArn() != null) {
            request.notificationChannel(n -> n.snsTopicArn(settings.snsTopicArn()).roleArn(settings.roleArn()));
        }
        if (settings.outputBucket() != null) {
            request.outputConfig(o -> o.s3Bucket(settings.outputBucket()).s3Prefix(settings.outputPrefix()));
        }
        String jobId = TextractCalls.call(NAME, () -> client.startDocumentTextDetection(request.build()).jobId());
        return new JobStarted(NAME, jobId);
    }

    @Override
    public JobState poll(String jobId) {
        long start = System.nanoTime();
        GetDocumentTextDetectionResponse first;
        try {
            first = TextractCalls.call(NAME, () -> client.getDocumentTextDetection(r -> r.jobId(jobId).maxResults(settings.maxResults())));
        } catch (InvalidJobIdException e) {
            return new Lost("Textract does not know job %s: %s".formatted(jobId, e.awsErrorDetails().errorMessage()));
        }
        switch (first.jobStatus()) {
            case IN_PROGRESS -> {
                return new Running();
            }
            case FAILED -> {
                return new Failed("Textract job %s failed: %s".formatted(jobId, first.statusMessage()));
            }
            default -> {
                // SUCCEEDED and PARTIAL_SUCCESS both have results; warnings stay in Textract's answer.
            }
        }
        List<Block> blocks = new ArrayList<>(first.blocks());
        String next = first.nextToken();
        while (next != null) {
            String token = next;
            GetDocumentTextDetectionResponse page = TextractCalls.call(NAME, () -> client.getDocumentTextDetection(r -> r
                    .jobId(jobId).maxResults(settings.maxResults()).nextToken(token)));
            blocks.addAll(page.blocks());
            next = page.nextToken();
        }
        String raw = TextractJson.of(first.documentMetadata(), blocks, first.detectDocumentTextModelVersion());
        return new Succeeded(new ModelOutput(NAME, raw, Duration.ofNanos(System.nanoTime() - start)));
    }

    /** At most 64 characters of {@code [a-zA-Z0-9-_]}, as Textract requires. */
    static String token(PageInput page) {
        String identity = "%s/%d/%s".formatted(page.page().documentId(), page.page().pageNumber(), page.model());
        return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)) + "-" + page.generation();
    }
}
