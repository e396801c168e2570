package dev.docpipe.core;

import dev.docpipe.contracts.PipelineQueue;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Settings every service shares, at the lowest precedence so any of them can be overridden.
 * Queue names default to the topology's names ({@code docpipe.queue.<logical-name>} and
 * {@code docpipe.queue.<logical-name>-dlq}), so a listener can say
 * {@code @SqsListener("${docpipe.queue.ingest}")}.
 */
public class PipelineDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        for (PipelineQueue queue : PipelineQueue.values()) {
            defaults.put("docpipe.queue." + queue.logicalName(), queue.defaultName());
            defaults.put("docpipe.queue." + queue.logicalName() + "-dlq", queue.defaultDlqName());
        }
        // A typo in a queue name must fail at start-up, not silently create a new queue.
        defaults.put("spring.cloud.aws.sqs.queue-not-found-strategy", "fail");
        // Exported only where CloudWatch is reachable (the AWS profile turns it on).
        defaults.put("management.cloudwatch.metrics.export.enabled", "false");
        defaults.put("management.endpoints.web.exposure.include", "health,info,metrics,prometheus");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        defaults.put("spring.threads.virtual.enabled", "false");
        environment.getPropertySources().addLast(new MapPropertySource("docpipeDefaults", defaults));
    }
}
