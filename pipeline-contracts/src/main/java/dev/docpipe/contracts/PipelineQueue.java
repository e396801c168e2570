package dev.docpipe.contracts;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The queue topology, defined once: the embedded runner, the tests, docker compose and the AWS
 * deployment all create these queues, their dead-letter queues and redrive policies from here.
 *
 * <p>Visibility timeouts are sized for the typical message; longer work is kept invisible by the
 * listener heartbeat, so a timeout here is how fast a crashed worker's message comes back, not a
 * limit on how long work may take.
 */
public enum PipelineQueue {
    INGEST("ingest", Stage.CLASSIFICATION, DocumentIngested.class, Duration.ofSeconds(60)),
    CHUNK_LARGE("chunk-large", Stage.LARGE_SPLIT, SplitDocument.class, Duration.ofMinutes(5)),
    CHUNK_SMALL("chunk-small", Stage.SMALL_SPLIT, SplitChunk.class, Duration.ofMinutes(2)),
    PAGE_SINGLE("page-single", Stage.CONVERSION, ConvertPage.class, Duration.ofMinutes(2)),
    PAGE_CONVERTED("page-converted", Stage.INFERENCE, S3EventNotification.class, Duration.ofMinutes(2)),
    /**
     * Completion notifications of asynchronous Textract jobs: the SNS topic named in each job's
     * {@code NotificationChannel} delivers here. A lost or dead-lettered notification loses no
     * page: the dispatcher polls jobs that stay unfinished.
     */
    TEXTRACT_COMPLETED("textract-completed", Stage.INFERENCE, SnsEnvelope.class, Duration.ofMinutes(2)),
    /**
     * S3's notifications of objects created under a configured source prefix: the ingestion
     * service adds each object to its source's rolling batch. Its dead letters are not resolved by
     * the failsafe worker (see {@link #deadLettersResolvedByFailsafe()}).
     */
    OBJECT_CREATED("object-created", Stage.INGESTION, ObjectsCreated.class, Duration.ofSeconds(60));

    /**
     * Deliveries before a message moves to its dead-letter queue. Never 1: a single crash or
     * redeploy must not dead-letter healthy work.
     */
    public static final int MAX_RECEIVE_COUNT = 5;

    /** SQS's default; the dead-letter queues keep messages longer than their sources (14 days, the maximum). */
    public static final Duration RETENTION = Duration.ofDays(4);

    public static final Duration DLQ_RETENTION = Duration.ofDays(14);

    private final String logicalName;
    private final Stage consumerStage;
    private final Class<?> messageType;
    private final Duration visibilityTimeout;

    PipelineQueue(String logicalName, Stage consumerStage, Class<?> messageType, Duration visibilityTimeout) {
        this.logicalName = logicalName;
        this.consumerStage = consumerStage;
        this.messageType = messageType;
        this.visibilityTimeout = visibilityTimeout;
    }

    /** The short name used in configuration keys ({@code docpipe.queue.<logical-name>}). */
    public String logicalName() {
        return logicalName;
    }

    /** The default physical queue name. */
    public String defaultName() {
        return "docpipe-" + logicalName;
    }

    public String defaultDlqName() {
        return defaultName() + "-dlq";
    }

    /** The stage whose service consumes this queue. */
    public Stage consumerStage() {
        return consumerStage;
    }

    public Class<?> messageType() {
        return messageType;
    }

    public Duration visibilityTimeout() {
        return visibilityTimeout;
    }

    /**
     * Whether the failsafe worker drains this queue's dead-letter queue, ending the documents of
     * its messages FAILED. Not so for object-created: its messages come before any document row,
     * so there is nothing to end; they stay in the dead-letter queue (which alarms like every other)
     * until an operator redrives them once the cause is fixed, and ingesting them is idempotent.
     */
    public boolean deadLettersResolvedByFailsafe() {
        return this != OBJECT_CREATED;
    }

    public static Optional<PipelineQueue> byLogicalName(String name) {
        return Arrays.stream(values()).filter(q -> q.logicalName.equals(name)).findFirst();
    }
}
