package dev.docpipe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.contracts.PipelineQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml against the code it runs: every service module is a compose service built
 * from the shared Dockerfile, every queue of the topology has its consumer, and each service gets
 * the settings, health check, ordering and limits it needs. A new module or queue cannot be
 * forgotten here, nor in the CDK app ({@link PipelineService}). The compose schema itself is
 * checked by dclint in CI (tools/compose-lint).
 */
class ComposeFileTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final List<String> PIPELINE_SETTINGS = List.of("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
            "SPRING_DATASOURCE_PASSWORD", "SPRING_CLOUD_AWS_REGION_STATIC", "SPRING_CLOUD_AWS_SQS_ENDPOINT", "DOCPIPE_S3_ENDPOINT",
            "DOCPIPE_S3_PATH_STYLE", "DOCPIPE_STORAGE_WORK_BUCKET", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    static final Pattern STAGE = Pattern.compile("(?m)^\\s+stage:\\s*([A-Z_]+)\\s*$");
    static final Pattern PORT = Pattern.compile("(?m)^\\s+port:\\s*(\\d+)\\s*$");

    static Map<String, Map<String, Object>> services;
    /** Modules that run as a service: they have their own {@code <module>.yml}. */
    static Set<String> serviceModules;
    /** Pipeline services (those with a docpipe stage), by module, with their stage. */
    static Map<String, String> stages;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
        Matcher modules = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
        serviceModules = new TreeSet<>();
        stages = new java.util.TreeMap<>();
        while (modules.find()) {
            String module = modules.group(1);
            Path config = ROOT.resolve(module).resolve("src/main/resources").resolve(module + ".yml");
            if (Files.exists(config)) {
                serviceModules.add(module);
                Matcher stage = STAGE.matcher(Files.readString(config));
                if (stage.find()) {
                    stages.put(module, stage.group(1));
                }
            }
        }
    }

    @Test
    void everyServiceModuleRunsFromTheSharedDockerfile() {
        assertThat(serviceModules).contains("ingestion-service", "model-endpoint", "db-migrations");
        for (String module : serviceModules) {
            Map<String, Object> service = service(module);
            Map<String, Object> build = map(service.get("build"));
            assertThat(build.get("context")).as(module).isEqualTo(".");
            assertThat(build.get("dockerfile")).as(module + " uses the shared Dockerfile").isNull();
            assertThat(map(build.get("args")).get("MODULE")).as(module).isEqualTo(module);
        }
    }

    @Test
    void theCdkAppDeploysEveryPipelineService() {
        assertThat(stages.keySet()).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(PipelineService.values()).map(PipelineService::module).toList());
    }

    @Test
    void everyQueueOfTheTopologyHasItsConsumerInComposeAndOnAws() {
        for (PipelineQueue queue : PipelineQueue.values()) {
            List<String> consumers = stages.entrySet().stream()
                    .filter(e -> e.getValue().equals(queue.consumerStage().name())).map(Map.Entry::getKey).toList();
            assertThat(consumers).as("consumer of " + queue).hasSize(1);
            assertThat(services).as(queue + " is consumed by a compose service").containsKey(consumers.getFirst());
            assertThat(PipelineService.byModule(consumers.getFirst()).consumes()).as(queue + " on AWS").contains(queue);
        }
        // Dead letters of every queue whose messages name documents go to the failsafe worker.
        assertThat(PipelineService.FAILSAFE_WORKER.consumes()).containsExactlyElementsOf(java.util.Arrays.stream(PipelineQueue.values())
                .filter(PipelineQueue::deadLettersResolvedByFailsafe).toList());
    }

    @Test
    void queueNameOverridesNameQueuesOfTheTopology() {
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            for (String key : environment(service.getKey()).keySet()) {
                if (key.startsWith("DOCPIPE_QUEUE_")) {
                    String logical = key.substring("DOCPIPE_QUEUE_".length()).toLowerCase().replace('_', '-').replaceAll("-dlq$", "");
                    assertThat(PipelineQueue.byLogicalName(logical)).as(service.getKey() + " " + key).isPresent();
                }
            }
        }
    }

    @Test
    void theTopologyJobInstallsTheQueuesAndTheBucketsTheServicesUse() {
        Map<String, Object> topology = service("topology");
        List<?> entrypoint = (List<?>) topology.get("entrypoint");
        String mainClass = entrypoint.getLast().toString();
        assertThat(ROOT.resolve("pipeline-embedded/src/main/java").resolve(mainClass.replace('.', '/') + ".java")).exists();
        assertThat(mainClass).endsWith(".TopologyJob");
        assertThat(restartPolicy(topology)).isEqualTo("no");

        Set<String> buckets = Set.of(environment("topology").get("DOCPIPE_BUCKETS").split(","));
        for (String module : stages.keySet()) {
            assertThat(buckets).as(module + "'s work bucket").contains(environment(module).get("DOCPIPE_STORAGE_WORK_BUCKET"));
        }
        assertThat(buckets).containsAll(List.of(environment("ingestion-service").get("DOCPIPE_INGESTION_ALLOWED_BUCKETS").split(",")));
    }

    @Test
    void everyPipelineServiceIsConfiguredHealthCheckedOrderedAndLimited() throws IOException {
        for (String module : stages.keySet()) {
            assertThat(environment(module)).as(module).containsKeys(PIPELINE_SETTINGS.toArray(String[]::new));
            assertThat(healthCheck(module)).as(module).contains("http://localhost:" + port(module) + "/actuator/health/readiness");

            Map<String, Object> dependsOn = map(service(module).get("depends_on"));
            assertThat(condition(dependsOn, "db-migrations")).as(module).isEqualTo("service_completed_successfully");
            assertThat(condition(dependsOn, "topology")).as(module).isEqualTo("service_completed_successfully");
            assertThat(condition(dependsOn, "postgres")).as(module).isEqualTo("service_healthy");
            assertThat(condition(dependsOn, "localstack")).as(module).isEqualTo("service_healthy");
        }
        for (String module : serviceModules) {
            Map<String, Object> limits = map(map(map(service(module).get("deploy")).get("resources")).get("limits"));
            assertThat(limits).as(module + " resource limits").containsKeys("cpus", "memory");
        }
        assertThat(healthCheck("model-endpoint")).contains("http://localhost:" + port("model-endpoint") + "/actuator/health");
    }

    @Test
    void theDispatcherCallsTheLocalModelAndWaitsForIt() throws IOException {
        Map<String, String> env = environment("inference-dispatcher");
        String model = "http://model-endpoint:" + port("model-endpoint");
        assertThat(env.get("DOCPIPE_INFERENCE_SAGEMAKER_ENDPOINT")).isEqualTo(model);
        assertThat(env.get("DOCPIPE_INFERENCE_TEXTRACT_ENDPOINT")).isEqualTo(model);
        assertThat(env.get("DOCPIPE_INFERENCE_TEXTRACT_ASYNC_SNS_TOPIC_ARN"))
                .endsWith(":" + PipelineQueue.TEXTRACT_COMPLETED.defaultName());
        assertThat(condition(map(service("inference-dispatcher").get("depends_on")), "model-endpoint")).isEqualTo("service_healthy");
    }

    @Test
    void theApiTakesObjectsUnderTheRollingPrefixOfTheInputBucket() {
        Map<String, String> env = environment("ingestion-service");
        assertThat(List.of(env.get("DOCPIPE_INGESTION_ALLOWED_BUCKETS").split(","))).contains(env.get("DOCPIPE_INGESTION_ROLLING_SOURCES_0_BUCKET"));
        assertThat(env.get("DOCPIPE_INGESTION_ROLLING_SOURCES_0_PREFIX")).endsWith("/").doesNotStartWith("uploads/");
    }

    @Test
    void theMigrationJobRunsOnceAgainstTheSameDatabase() {
        assertThat(restartPolicy(service("db-migrations"))).isEqualTo("no");
        String url = environment("db-migrations").get("SPRING_DATASOURCE_URL");
        for (String module : stages.keySet()) {
            assertThat(environment(module).get("SPRING_DATASOURCE_URL")).as(module).isEqualTo(url);
        }
    }

    // --- helpers ---

    private static Map<String, Object> service(String name) {
        assertThat(services).as("docker-compose.yml services").containsKey(name);
        return services.get(name);
    }

    private static Map<String, String> environment(String service) {
        return map(service(service).get("environment")).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
    }

    private static String healthCheck(String service) {
        return String.join(" ", ((List<?>) map(service(service).get("healthcheck")).get("test")).stream().map(Object::toString).toList());
    }

    private static int port(String module) throws IOException {
        Matcher port = PORT.matcher(Files.readString(ROOT.resolve(module).resolve("src/main/resources").resolve(module + ".yml")));
        assertThat(port.find()).as(module + " has a server port").isTrue();
        return Integer.parseInt(port.group(1));
    }

    private static String condition(Map<String, Object> dependsOn, String service) {
        return String.valueOf(map(dependsOn.get(service)).get("condition"));
    }

    private static String restartPolicy(Map<String, Object> service) {
        return String.valueOf(service.get("restart"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
