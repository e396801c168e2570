package dev.docpipe.runner;

import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.converter.ImageConverterApplication;
import dev.docpipe.core.PipelineApplication;
import dev.docpipe.core.audit.AuditRecorder;
import dev.docpipe.dispatcher.InferenceDispatcherApplication;
import dev.docpipe.embedded.InfrastructureEndpoints;
import dev.docpipe.failsafe.FailsafeWorkerApplication;
import dev.docpipe.ingestion.IngestionApplication;
import dev.docpipe.large.LargeDocWorkerApplication;
import dev.docpipe.model.ModelEndpointApplication;
import dev.docpipe.orchestrator.OrchestratorApplication;
import dev.docpipe.small.SmallDocWorkerApplication;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every docpipe service, each its own Spring application context with its own port and its own
 * {@code <service>.yml}, in one JVM: what ECS runs as separate tasks, on one machine. Services are
 * started downstream first, so every queue has its consumer before work arrives, and closed in
 * the reverse order.
 */
public final class PipelineServices implements AutoCloseable {

    private record Service(Class<?> application, String name) {}

    private static final List<Service> PIPELINE = List.of(
            new Service(FailsafeWorkerApplication.class, FailsafeWorkerApplication.NAME),
            new Service(InferenceDispatcherApplication.class, InferenceDispatcherApplication.NAME),
            new Service(ImageConverterApplication.class, ImageConverterApplication.NAME),
            new Service(SmallDocWorkerApplication.class, SmallDocWorkerApplication.NAME),
            new Service(LargeDocWorkerApplication.class, LargeDocWorkerApplication.NAME),
            new Service(OrchestratorApplication.class, OrchestratorApplication.NAME),
            new Service(IngestionApplication.class, IngestionApplication.NAME));

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private final Map<String, ConfigurableApplicationContext> byName = new LinkedHashMap<>();

    public static final String API_TOKEN_PROPERTY = "docpipe.security.api-token";

    private final String apiToken;

    private PipelineServices(String apiToken) {
        this.apiToken = apiToken;
    }

    /** A random API token with the read and write scopes. */
    public static String newApiToken() {
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        return java.util.HexFormat.of().formatHex(random);
    }

    /** The bearer token the ingestion service's API accepts in this run. */
    public String apiToken() {
        return apiToken;
    }

    /** A client of the ingestion service's API with this run's token. */
    public BatchClient batchClient() {
        return new BatchClient(java.net.URI.create("http://127.0.0.1:" + ingestionPort()), apiToken);
    }

    /**
     * Starts the model endpoint and every service on the given servers.
     *
     * @param endpoints the infrastructure every service connects to
     * @param overrides properties that replace or add to the infrastructure's, for every service
     */
    public static PipelineServices start(InfrastructureEndpoints endpoints, Map<String, String> overrides) {
        Map<String, String> properties = new LinkedHashMap<>(endpoints.springProperties());
        properties.putAll(overrides);
        // The local default of the API's security: a token made up for this run (see README).
        properties.putIfAbsent(API_TOKEN_PROPERTY, newApiToken());
        PipelineServices services = new PipelineServices(properties.get(API_TOKEN_PROPERTY));
        try {
            // On one machine the dispatcher's queue is the backpressure: a call waits for an OCR
            // slot (within the dispatcher's call timeout) rather than being throttled.
            Map<String, String> modelProperties = new LinkedHashMap<>(endpoints.modelEndpointProperties());
            modelProperties.putAll(properties);
            modelProperties.putIfAbsent("docpipe.model.slot-wait", "45s");
            ConfigurableApplicationContext model = services.launch(ModelEndpointApplication.class, ModelEndpointApplication.SERVICE_NAME, modelProperties);
            Map<String, String> withModel = new LinkedHashMap<>(properties);
            // The local model answers both the SageMaker runtime and the Textract protocol.
            withModel.putIfAbsent("docpipe.inference.sagemaker-endpoint", "http://127.0.0.1:" + port(model));
            withModel.putIfAbsent("docpipe.inference.textract.endpoint", "http://127.0.0.1:" + port(model));
            // Its asynchronous jobs announce completion where an SNS topic of the queue's name would deliver.
            withModel.putIfAbsent("docpipe.inference.textract.async.sns-topic-arn",
                    "arn:aws:sns:%s:000000000000:%s".formatted(endpoints.region(), properties.getOrDefault(
                            "docpipe.queue.textract-completed", PipelineQueue.TEXTRACT_COMPLETED.defaultName())));
            withModel.putIfAbsent("docpipe.inference.textract.async.role-arn", "arn:aws:iam::000000000000:role/textract-publishes");
            for (Service service : PIPELINE) {
                services.launch(service.application(), service.name(), withModel);
            }
            return services;
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
    }

    public int ingestionPort() {
        return port(context(IngestionApplication.NAME));
    }

    public ConfigurableApplicationContext context(String serviceName) {
        ConfigurableApplicationContext context = byName.get(serviceName);
        if (context == null) {
            throw new IllegalArgumentException("no service " + serviceName);
        }
        return context;
    }

    public List<String> serviceNames() {
        return List.copyOf(byName.keySet());
    }

    /**
     * Waits until every audit row recorded so far is in the database. The row of a batch's last
     * message is recorded just after its listener returns, which is just after the batch
     * completed; the pause lets it reach the recorder's buffer before the buffers are flushed.
     *
     * @return false if some recorder did not flush within the timeout
     */
    public boolean flushAuditTrail(Duration timeout) {
        try {
            Thread.sleep(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        boolean flushed = true;
        for (ConfigurableApplicationContext context : contexts) {
            for (AuditRecorder recorder : context.getBeansOfType(AuditRecorder.class).values()) {
                flushed &= recorder.flush(timeout);
            }
        }
        return flushed;
    }

    /** Services whose context has closed or whose SQS listeners have stopped: none, while all is well. */
    public List<String> stoppedServices() {
        List<String> stopped = new ArrayList<>();
        byName.forEach((name, context) -> {
            if (!context.isActive() || !context.isRunning() || !listenersRunning(context)) {
                stopped.add(name);
            }
        });
        return stopped;
    }

    private static boolean listenersRunning(ConfigurableApplicationContext context) {
        return context.getBeansOfType(MessageListenerContainerRegistry.class).values().stream()
                .flatMap(registry -> registry.getListenerContainers().stream())
                .allMatch(MessageListenerContainer::isRunning);
    }

    /**
     * Spring Security's auto-configuration, which only the ingestion service uses (with its own
     * rules). In one JVM every service sees the ingestion service's classpath; without this the
     * others would lock their endpoints (the model's API among them) behind a generated password.
     * Each service's own image does not have these classes at all.
     */
    public static final String WEB_SECURITY_AUTO_CONFIGURATION = String.join(",",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration");

    /** The properties that keep a service other than ingestion free of the web security it does not use. */
    public static Map<String, String> withoutWebSecurity(String serviceName) {
        return IngestionApplication.NAME.equals(serviceName) ? Map.of() : Map.of("spring.autoconfigure.exclude", WEB_SECURITY_AUTO_CONFIGURATION);
    }

    private ConfigurableApplicationContext launch(Class<?> application, String name, Map<String, String> properties) {
        // Command-line arguments, because they outrank the service's own yml; builder properties
        // are only defaults, and the yml would win over them.
        List<String> args = new ArrayList<>();
        args.add("--server.port=0");
        args.add("--spring.main.banner-mode=off");
        // The runner migrates the schema once, before any service starts.
        args.add("--spring.flyway.enabled=false");
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        withoutWebSecurity(name).forEach((k, v) -> args.add("--" + k + "=" + v));
        ConfigurableApplicationContext context = PipelineApplication.builder(application, name).run(args.toArray(String[]::new));
        contexts.add(context);
        byName.put(name, context);
        return context;
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            try {
                contexts.get(i).close();
            } catch (RuntimeException e) {
                System.err.println("closing " + contexts.get(i).getId() + " failed: " + e);
            }
        }
        contexts.clear();
        byName.clear();
    }
}
