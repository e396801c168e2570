package dev.docpipe.ingestion.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.ingestion.IngestionTestProperties;
import dev.docpipe.testing.ApiClient;
import dev.docpipe.testing.PipelineInfrastructure;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The served OpenAPI description names exactly the operations the service answers, and how to authenticate. */
@PipelineInfrastructure
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=ingestion-service")
class OpenApiDescriptionTest {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IngestionTestProperties.register(registry);
    }

    @Test
    void describesEveryOperationTheServiceAnswersAndNoOther() {
        HttpResponse<String> response = ApiClient.writer(port).get("/v3/api-docs");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode spec = JsonMapper.builder().build().readTree(response.body());

        Set<String> described = new TreeSet<>();
        for (var path : spec.path("paths").properties()) {
            for (var operation : path.getValue().properties()) {
                described.add(operation.getKey().toUpperCase() + " " + path.getKey());
            }
        }
        Set<String> implemented = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (!method.getBeanType().getPackageName().startsWith("dev.docpipe")) {
                return; // the error controller and the description's own endpoints
            }
            for (String pattern : info.getPatternValues()) {
                for (var verb : info.getMethodsCondition().getMethods()) {
                    implemented.add(verb.name() + " " + pattern);
                }
            }
        });

        assertThat(implemented).contains("POST /batches", "GET /batches/{id}/report", "GET /batches/{id}/documents",
                "POST /batches/{id}/pause", "POST /batches/{id}/cancel", "GET /documents/{id}");
        assertThat(described).isEqualTo(implemented);

        assertThat(spec.path("components").path("securitySchemes").path("bearer").path("scheme").asString()).isEqualTo("bearer");
        JsonNode start = spec.path("paths").path("/batches").path("post");
        String schema = start.path("requestBody").path("content").path("application/json").path("schema").path("$ref").asString();
        JsonNode body = spec.path("components").path("schemas").path(schema.substring(schema.lastIndexOf('/') + 1));
        assertThat(body.path("properties").propertyNames()).contains("bucket", "prefixes", "options");
        assertThat(body.path("required").valueStream().map(JsonNode::asString).toList()).contains("bucket", "prefixes");
    }
}
