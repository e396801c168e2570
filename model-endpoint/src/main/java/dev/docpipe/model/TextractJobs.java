package dev.docpipe.model;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asynchronous text detection as Textract runs it: {@code StartDocumentTextDetection} queues a job
 * and answers its id at once; a worker reads the document from S3, recognises it, writes the
 * result to {@code OutputConfig} when one was given and publishes the completion to the job's
 * notification channel; {@code GetDocumentTextDetection} reads the result in pages of at most
 * {@code MaxResults} blocks, chained by {@code NextToken}. The same {@code ClientRequestToken}
 * returns the same job, so a caller that retries a start does not run the document twice.
 */
@Service
class TextractJobs implements AutoCloseable {

    static final String API = "StartDocumentTextDetection";
    /** Textract's largest page of results. */
    static final int MAX_RESULTS = 1000;

    private static final Logger log = LoggerFactory.getLogger(TextractJobs.class);

    record Location(String bucket, String name, String version) {}

    record Channel(String topicArn, String roleArn) {}

    record Output(String bucket, String prefix) {}

    /** One job; its state moves once, from IN_PROGRESS to SUCCEEDED or FAILED. */
    static final class Job {
        final String id;
        final Location location;
        final String tag;
        final Channel channel;
        final Output output;
        volatile String status = "IN_PROGRESS";
        volatile String statusMessage;
        volatile List<TextractBlocks.Block> blocks = List.of();
        volatile String modelVersion;
        volatile Instant finished;

        Job(String id, Location location, String tag, Channel channel, Output output) {
            this.id = id;
            this.location = location;
            this.tag = tag;
            this.channel = channel;
            this.output = output;
        }
    }

    private final OcrModel model;
    private final DocumentSource documents;
    private final AwsClients aws;
    private final CompletionNotifier notifier;
    private final TextractJobProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final ExecutorService workers;
    private final Map<String, Job> jobs = new HashMap<>();
    private final Map<String, String> jobByToken = new HashMap<>();
    private int open;

    TextractJobs(OcrModel model, DocumentSource documents, AwsClients aws, CompletionNotifier notifier,
            TextractJobProperties properties, JsonMapper json) {
        this.model = model;
        this.documents = documents;
        this.aws = aws;
        this.notifier = notifier;
        this.properties = properties;
        this.json = json;
        this.clock = Clock.systemUTC();
        this.workers = Executors.newFixedThreadPool(properties.workers(), Thread.ofPlatform().name("textract-job-", 0).daemon().factory());
    }

    /**
     * Queues a job, or finds the one the same token started.
     *
     * @throws TextractException LimitExceededException when {@code maxOpenJobs} are queued or running
     */
    synchronized String start(Location location, String token, String tag, Channel channel, Output output) {
        expireFinished();
        if (token != null && jobByToken.containsKey(token)) {
            return jobByToken.get(token);
        }
        if (open >= properties.maxOpenJobs()) {
            throw new TextractException("LimitExceededException", 400,
                    "Open jobs exceed maximum concurrent job limit (%d).".formatted(properties.maxOpenJobs()));
        }
        byte[] random = new byte[32];
        ThreadLocalRandom.current().nextBytes(random);
        Job job = new Job(HexFormat.of().formatHex(random), location, tag, channel, output);
        jobs.put(job.id, job);
        if (token != null) {
            jobByToken.put(token, job.id);
        }
        open++;
        workers.execute(() -> run(job));
        return job.id;
    }

    /**
     * One page of a job's answer, in {@code GetDocumentTextDetection}'s shape.
     *
     * @throws TextractException InvalidJobIdException for an unknown or expired job,
     *     InvalidParameterException for a token that is not this job's
     */
    Map<String, Object> page(String jobId, int maxResults, String nextToken) {
        Job job;
        synchronized (this) {
            job = jobs.get(jobId);
        }
        if (job == null) {
            throw new TextractException("InvalidJobIdException", 400, "An invalid job identifier was passed.");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("JobStatus", job.status);
        if (job.statusMessage != null) {
            answer.put("StatusMessage", job.statusMessage);
        }
        if (!"SUCCEEDED".equals(job.status)) {
            return answer;
        }
        List<TextractBlocks.Block> blocks = job.blocks;
        int from = nextToken == null ? 0 : offsetOf(nextToken, job.id, blocks.size());
        int to = Math.min(blocks.size(), from + Math.min(maxResults, MAX_RESULTS));
        answer.put("DocumentMetadata", Map.of("Pages", 1));
        answer.put("Blocks", blocks.subList(from, to));
        if (to < blocks.size()) {
            answer.put("NextToken", tokenOf(job.id, to));
        }
        answer.put("DetectDocumentTextModelVersion", job.modelVersion);
        return answer;
    }

    private void run(Job job) {
        try {
            byte[] document = documents.read(job.location.bucket(), job.location.name(), job.location.version());
            OcrResult result = recognise(document);
            job.blocks = TextractBlocks.of(result, 1);
            job.modelVersion = "docpipe-tesseract-" + result.engineVersion();
            writeOutput(job);
            job.status = "SUCCEEDED";
        } catch (TextractException e) {
            fail(job, e.type() + ": " + e.getMessage());
        } catch (UnreadableImageException | PayloadTooLargeException e) {
            fail(job, "UnsupportedDocumentException: Request has unsupported document format. " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("Textract job {} failed unexpectedly", job.id, e);
            fail(job, "InternalServerError: " + e);
        } finally {
            job.finished = clock.instant();
            synchronized (this) {
                open--;
            }
            notifier.completed(job);
        }
    }

    /** A job waits for an engine as long as it takes: it has no caller to throttle. */
    private OcrResult recognise(byte[] document) {
        while (true) {
            try {
                return model.read(document);
            } catch (OcrSlotsBusyException e) {
                log.debug("Textract job waiting for an OCR engine");
            }
        }
    }

    private static void fail(Job job, String message) {
        job.statusMessage = message;
        job.status = "FAILED";
    }

    /** As Textract does: {@code <prefix>/<job id>/1, 2, ...}, each a page of at most 1,000 blocks. */
    private void writeOutput(Job job) {
        if (job.output == null) {
            return;
        }
        var s3 = aws.s3().orElseThrow(() -> TextractException.invalidS3Object(
                "S3 access is not configured on this endpoint (docpipe.model.aws.region); OutputConfig cannot be written."));
        String prefix = job.output.prefix() == null || job.output.prefix().isBlank() ? "textract_output"
                : job.output.prefix().replaceAll("/+$", "");
        List<TextractBlocks.Block> blocks = job.blocks;
        int parts = Math.max(1, (blocks.size() + MAX_RESULTS - 1) / MAX_RESULTS);
        try {
            for (int part = 1; part <= parts; part++) {
                String key = prefix + "/" + job.id + "/" + part;
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("DocumentMetadata", Map.of("Pages", 1));
                body.put("JobStatus", "SUCCEEDED");
                body.put("Blocks", blocks.subList((part - 1) * MAX_RESULTS, Math.min(blocks.size(), part * MAX_RESULTS)));
                body.put("DetectDocumentTextModelVersion", job.modelVersion);
                s3.putObject(b -> b.bucket(job.output.bucket()).key(key).contentType("application/json"),
                        RequestBody.fromString(json.writeValueAsString(body)));
            }
        } catch (SdkException e) {
            throw TextractException.invalidS3Object("Unable to write the output to s3://%s/%s: %s"
                    .formatted(job.output.bucket(), prefix, e.getMessage()));
        }
    }

    private synchronized void expireFinished() {
        Instant cutoff = clock.instant().minus(properties.retention());
        jobs.values().removeIf(job -> job.finished != null && job.finished.isBefore(cutoff));
        jobByToken.values().removeIf(id -> !jobs.containsKey(id));
    }

    private static String tokenOf(String jobId, int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((jobId + ":" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offsetOf(String token, String jobId, int blocks) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int colon = decoded.lastIndexOf(':');
            int offset = Integer.parseInt(decoded.substring(colon + 1));
            if (colon > 0 && decoded.substring(0, colon).equals(jobId) && offset > 0 && offset < blocks) {
                return offset;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below
        }
        throw TextractException.invalidParameter("NextToken is not a token of this job.");
    }

    @Override
    public void close() throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }
}
