package dev.docpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.contracts.PipelineQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * A standard SQS queue stops returning messages, silently, once about 120,000 are in flight
 * (received and not yet deleted). A listener container holds at most {@code max-concurrent-messages}
 * at once, so a queue never has more in flight than its consumers' tasks at their scaling maximum
 * times that, plus the acknowledgements each container batches for up to a second (at most ten).
 */
class InFlightBoundTest {

    /** AWS's limit, with room for the failsafe worker's and an operator's reads. */
    private static final int IN_FLIGHT_LIMIT = 120_000;
    /** Spring Cloud AWS's default when a service sets none. */
    private static final int DEFAULT_CONCURRENCY = 10;
    private static final int BATCHED_ACKNOWLEDGEMENTS = 10;

    @Test
    void noQueueCanHaveMoreThanATenthOfSqsInFlightLimitAtTheScalingMaximum() throws IOException {
        Map<PipelineQueue, Integer> inFlight = new HashMap<>();
        for (PipelineService service : PipelineService.values()) {
            int perTask = concurrency(service) + BATCHED_ACKNOWLEDGEMENTS;
            for (PipelineQueue queue : service.consumes()) {
                inFlight.merge(queue, service.maxTasks() * perTask, Integer::sum);
            }
        }
        assertThat(inFlight).isNotEmpty();
        assertThat(inFlight.values()).allSatisfy(bound -> assertThat(bound).isLessThan(IN_FLIGHT_LIMIT / 10));
    }

    @SuppressWarnings("unchecked")
    private static int concurrency(PipelineService service) throws IOException {
        Object node = new Yaml().load(Files.readString(ComposeFileTest.ROOT.resolve(service.module())
                .resolve("src/main/resources").resolve(service.module() + ".yml")));
        for (String key : new String[] {"spring", "cloud", "aws", "sqs", "listener", "max-concurrent-messages"}) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return DEFAULT_CONCURRENCY;
            }
            node = ((Map<String, Object>) map).get(key);
        }
        return ((Number) node).intValue();
    }
}
