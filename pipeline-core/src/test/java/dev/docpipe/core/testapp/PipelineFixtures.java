package dev.docpipe.core.testapp;

import dev.docpipe.contracts.ConvertPage;
import dev.docpipe.contracts.ProcessingOptions;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.testing.PipelineRows;
import dev.docpipe.testing.TestInfrastructure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Rows and messages for tests of the shared machinery, built in code. */
public final class PipelineFixtures {

    /** A queue outside the topology with a 2 s visibility timeout, for heartbeat tests. */
    public static final String SLOW_QUEUE = "docpipe-test-slow";

    private PipelineFixtures() {}

    /** Points the test application at the shared infrastructure, with the slow queue created and named. */
    public static void registerInfrastructure(BiConsumer<String, Supplier<Object>> registry) {
        TestInfrastructure infra = TestInfrastructure.shared();
        infra.registerSpringProperties(registry);
        infra.sqsClient().createQueue(b -> b.queueName(SLOW_QUEUE).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "2")));
        registry.accept("test.slow-queue", () -> SLOW_QUEUE);
    }

    /**
     * The command-line arguments of the test application as a separate worker (its own context
     * in this JVM, or a child process): the service settings and the shared infrastructure.
     */
    public static List<String> serviceArguments() {
        List<String> args = new ArrayList<>(List.of("--docpipe.service.name=listener-test", "--docpipe.service.stage=CONVERSION",
                "--docpipe.storage.work-bucket=docpipe-work", "--spring.flyway.enabled=false", "--spring.main.banner-mode=off",
                "--spring.cloud.aws.sqs.listener.poll-timeout=1s", "--server.port=0"));
        registerInfrastructure((key, value) -> args.add("--" + key + "=" + value.get()));
        return args;
    }

    /** A RUNNING batch, listing complete, with {@code documents} CLASSIFIED documents of {@code pages} pages each. */
    public static UUID[] batchWithDocuments(int documents, int pages) {
        PipelineRows rows = new PipelineRows(TestInfrastructure.shared());
        UUID batch = UUID.randomUUID();
        rows.runningBatch(batch, "docpipe-input", "in/", documents);
        UUID[] ids = new UUID[documents + 1];
        ids[0] = batch;
        for (int i = 1; i <= documents; i++) {
            ids[i] = UUID.randomUUID();
            rows.classifiedDocument(batch, ids[i], "docpipe-input", "in/" + ids[i] + ".pdf", 100, null, null, pages);
        }
        return ids;
    }

    public static String convertPageJson(UUID batch, UUID document) {
        ConvertPage message = new ConvertPage(batch, document, 1, "docpipe-work", "singles/x/1.pdf", SourceKind.PDF,
                new ProcessingOptions(150, "docpipe-ocr"));
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(message);
    }
}
