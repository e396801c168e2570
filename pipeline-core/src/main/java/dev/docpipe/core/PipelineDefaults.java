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
 * {@code @SqsListener("${docpipe.queue.ingest}")}. The {@value #AWS_PROFILE} profile turns on
 * CloudWatch metrics and JSON logs; {@code logging.structured.format.console=ecs} turns JSON logs on
 * anywhere else.
 */
public class PipelineDefaults implements EnvironmentPostProcessor {

    /** The profile ECS tasks run with: CloudWatch metrics on, JSON logs. */
    public static final String AWS_PROFILE = "aws";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        boolean onAws = environment.matchesProfiles(AWS_PROFILE);
        for (PipelineQueue queue : PipelineQueue.values()) {
            defaults.put("docpipe.queue." + queue.logicalName(), queue.defaultName());
            defaults.put("docpipe.queue." + queue.logicalName() + "-dlq", queue.defaultDlqName());
        }
        // A typo in a queue name must fail at start-up, not silently create a new queue.
        defaults.put("spring.cloud.aws.sqs.queue-not-found-strategy", "fail");
        // Exported only where CloudWatch is reachable (the AWS profile turns it on).
        defaults.put("management.cloudwatch.metrics.export.enabled", Boolean.toString(onAws));
        defaults.put("management.cloudwatch.metrics.export.namespace", "docpipe");
        defaults.put("management.metrics.tags.service", "${spring.application.name:docpipe}");
        defaults.put("management.endpoints.web.exposure.include", "health,info,metrics,prometheus");
        // Liveness (the container health check: restart when broken) and readiness (the load
        // balancer's target health: no traffic until the database answers, nor while document
        // sandboxes cannot start) for ECS.
        defaults.put("management.endpoint.health.probes.enabled", "true");
        defaults.put("management.endpoint.health.group.readiness.include", "readinessState,db,sandbox");
        // A service whose context has no database health contributor keeps the readiness state alone.
        defaults.put("management.endpoint.health.validate-group-membership", "false");
        // The trace context travels in every message's attributes (W3C traceparent), so one
        // document's path through every service shares a trace id, which every log line carries.
        defaults.put("spring.cloud.aws.sqs.observation-enabled", "true");
        defaults.put("management.tracing.sampling.probability", "1.0");
        if (onAws) {
            // JSON log lines (batch, document, page and trace ids as fields) for CloudWatch Logs.
            defaults.put("logging.structured.format.console", "ecs");
        }
        defaults.put("spring.threads.virtual.enabled", "false");
        environment.getPropertySources().addLast(new MapPropertySource("docpipeDefaults", defaults));
    }
}
