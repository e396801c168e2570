package dev.docpipe.deploy;

import dev.docpipe.contracts.ObjectKeys;
import dev.docpipe.contracts.PipelineQueue;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Every pipeline service as it runs on ECS: what it consumes, where it sends, which object
 * prefixes it reads and writes, its task size and its scaling bounds. The IAM policies, the
 * environment and the autoscaling of each service are derived from this table, so a service
 * gets exactly the access its entry names.
 */
public enum PipelineService {
    /** The API; it also adds the objects S3 announces under the rolling input prefix to their rolling batches. */
    INGESTION_SERVICE("ingestion-service", 8080, List.of(PipelineQueue.OBJECT_CREATED), false, List.of(PipelineQueue.INGEST),
            true, List.of(), List.of(), Capacity.FARGATE, 512, 1024, 2, 4, 0),
    CHUNKING_ORCHESTRATOR("chunking-orchestrator", 8082, List.of(PipelineQueue.INGEST), false,
            List.of(PipelineQueue.CHUNK_LARGE, PipelineQueue.CHUNK_SMALL, PipelineQueue.PAGE_SINGLE),
            true, List.of(), List.of(), Capacity.FARGATE, 1024, 4096, 1, 20, 20),
    /** Holds whole large documents in memory and on disk: memory-optimised EC2 capacity. */
    LARGE_DOC_WORKER("large-doc-worker", 8083, List.of(PipelineQueue.CHUNK_LARGE), false, List.of(PipelineQueue.CHUNK_SMALL),
            true, List.of(), List.of(Prefixes.CHUNKS), Capacity.EC2_MEMORY_OPTIMISED, 2048, 14336, 1, 10, 2),
    SMALL_DOC_WORKER("small-doc-worker", 8084, List.of(PipelineQueue.CHUNK_SMALL), false, List.of(PipelineQueue.PAGE_SINGLE),
            true, List.of(Prefixes.CHUNKS), List.of(Prefixes.SINGLES), Capacity.FARGATE, 1024, 4096, 1, 20, 10),
    /** Sends nothing on AWS: the bucket's notification on pages/ feeds the converted-page queue. */
    IMAGE_CONVERTER("image-converter", 8085, List.of(PipelineQueue.PAGE_SINGLE), false, List.of(),
            true, List.of(Prefixes.SINGLES), List.of(Prefixes.PAGES), Capacity.FARGATE, 2048, 4096, 1, 50, 20),
    /** Re-queues throttled pages to its own queue, with a delay. */
    INFERENCE_DISPATCHER("inference-dispatcher", 8086, List.of(PipelineQueue.PAGE_CONVERTED, PipelineQueue.TEXTRACT_COMPLETED), false,
            List.of(PipelineQueue.PAGE_CONVERTED), false, List.of(Prefixes.PAGES), List.of(Prefixes.ANNOTATED),
            Capacity.FARGATE, 1024, 2048, 1, 20, 100),
    /**
     * Ends the documents of dead-lettered messages FAILED: consumes every dead-letter queue whose
     * messages name documents (object-created's wait for a redrive).
     */
    FAILSAFE_WORKER("failsafe-worker", 8087,
            Arrays.stream(PipelineQueue.values()).filter(PipelineQueue::deadLettersResolvedByFailsafe).toList(), true, List.of(),
            false, List.of(), List.of(), Capacity.FARGATE, 256, 512, 1, 2, 100);

    /** Where a service's tasks run. */
    public enum Capacity { FARGATE, EC2_MEMORY_OPTIMISED }

    private final String module;
    private final int port;
    private final List<PipelineQueue> consumes;
    private final boolean consumesDeadLetters;
    private final List<PipelineQueue> sendsTo;
    private final boolean readsInput;
    private final List<String> reads;
    private final List<String> writes;
    private final Capacity capacity;
    private final int cpu;
    private final int memoryMiB;
    private final int minTasks;
    private final int maxTasks;
    private final int backlogPerTask;

    PipelineService(String module, int port, List<PipelineQueue> consumes, boolean consumesDeadLetters,
            List<PipelineQueue> sendsTo, boolean readsInput, List<String> reads, List<String> writes, Capacity capacity,
            int cpu, int memoryMiB, int minTasks, int maxTasks, int backlogPerTask) {
        this.module = module;
        this.port = port;
        this.consumes = consumes;
        this.consumesDeadLetters = consumesDeadLetters;
        this.sendsTo = sendsTo;
        this.readsInput = readsInput;
        this.reads = reads;
        this.writes = writes;
        this.capacity = capacity;
        this.cpu = cpu;
        this.memoryMiB = memoryMiB;
        this.minTasks = minTasks;
        this.maxTasks = maxTasks;
        this.backlogPerTask = backlogPerTask;
    }

    /** The Maven module, the image name and the service name. */
    public String module() {
        return module;
    }

    public int port() {
        return port;
    }

    /** The queues it receives from: the sources, or for the failsafe worker their dead-letter queues. */
    public List<PipelineQueue> consumes() {
        return consumes;
    }

    public boolean consumesDeadLetters() {
        return consumesDeadLetters;
    }

    /**
     * Whether the service operates the dead-letter queues: the API's {@code GET /dead-letters}
     * reads their depths and {@code POST /dead-letters/{queue}/redrive} moves them back to their
     * sources (SQS's message move task, which needs receive and delete on the dead-letter queue
     * and send on its source).
     */
    public boolean redrivesDeadLetters() {
        return this == INGESTION_SERVICE;
    }

    /**
     * Where the service sends. The ingestion service also sends back a resumed batch's parked
     * messages, to the queue each was taken from, so it may send to every queue a stage parks.
     */
    public List<PipelineQueue> sendsTo() {
        if (this == INGESTION_SERVICE) {
            // Only a message about a document is parked: its batch is what is paused.
            return java.util.Arrays.stream(PipelineQueue.values())
                    .filter(q -> dev.docpipe.contracts.DocumentScoped.class.isAssignableFrom(q.messageType()))
                    .toList();
        }
        return sendsTo;
    }

    /** Whether it reads the source documents in the input buckets (the ingestion service lists them). */
    public boolean readsInput() {
        return readsInput;
    }

    /** Work-bucket prefixes it reads, like {@code chunks/}. */
    public List<String> reads() {
        return reads;
    }

    /** Work-bucket prefixes it writes. */
    public List<String> writes() {
        return writes;
    }

    public Capacity capacity() {
        return capacity;
    }

    public int cpu() {
        return cpu;
    }

    public int memoryMiB() {
        return memoryMiB;
    }

    public int minTasks() {
        return minTasks;
    }

    public int maxTasks() {
        return maxTasks;
    }

    /**
     * Whether it scales on its queues' backlog (every worker). The API scales on CPU, also while it
     * takes S3's object notifications, each a few small writes.
     */
    public boolean isWorker() {
        return !consumes.isEmpty() && this != INGESTION_SERVICE;
    }

    /** The backlog one task is expected to keep up with: the target of its scaling policy. */
    public int backlogPerTask() {
        return backlogPerTask;
    }

    /** Whether it opens documents, which it does in sandbox JVMs beside its own (docpipe.sandbox). */
    public boolean parsesDocuments() {
        return this == CHUNKING_ORCHESTRATOR || this == LARGE_DOC_WORKER || this == SMALL_DOC_WORKER || this == IMAGE_CONVERTER;
    }

    public static PipelineService byModule(String module) {
        return Arrays.stream(values()).filter(s -> s.module.equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pipeline service " + module));
    }

    /** The top-level prefixes of {@link ObjectKeys}' layout, read from the layout itself. */
    static final class Prefixes {
        private static final UUID ANY = new UUID(0, 0);
        static final String CHUNKS = prefixOf(ObjectKeys.chunk(ANY, 1, 1));
        static final String SINGLES = prefixOf(ObjectKeys.singlePage(ANY, 1));
        static final String PAGES = prefixOf(ObjectKeys.pageImage(ANY, 1));
        static final String ANNOTATED = prefixOf(ObjectKeys.annotatedPage(ANY, 1));

        private Prefixes() {}

        private static String prefixOf(String key) {
            return key.substring(0, key.indexOf('/') + 1);
        }
    }
}
