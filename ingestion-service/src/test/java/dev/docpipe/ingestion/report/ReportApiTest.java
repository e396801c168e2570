package dev.docpipe.ingestion.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.ingestion.IngestionTestProperties;
import dev.docpipe.testing.ApiClient;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A batch's report, its CSV form, its documents page by page, and the views BI tools read, on rows of known counts. */
@PipelineInfrastructure
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=ingestion-service")
class ReportApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc = JdbcClient.create(TestInfrastructure.shared().dataSource());
    private FinishedBatch batch;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IngestionTestProperties.register(registry);
    }

    @BeforeEach
    void finishedBatch() {
        TestInfrastructure.shared().resetState();
        batch = new FinishedBatch().write(jdbc);
    }

    @Test
    void reportsCountsFailuresFeaturesDimensionsAndStages() {
        JsonNode report = get("/batches/" + batch.id + "/report?by=city");

        assertThat(report.path("documents").path("completed").asLong()).isEqualTo(2);
        assertThat(report.path("documents").path("failed").asLong()).isEqualTo(1);
        assertThat(report.path("pages").path("total").asLong()).isEqualTo(6);
        assertThat(report.path("pages").path("inferred").asLong()).isEqualTo(5);
        assertThat(report.path("pages").path("failed").asLong()).isEqualTo(1);
        assertThat(rows(report.path("failures"), "scope", "reason", "stage", "count"))
                .containsExactlyInAnyOrder("document CORRUPT CLASSIFICATION 1", "page TIMEOUT CONVERSION 1");
        assertThat(rows(report.path("features"), "feature", "pagesWith", "pagesWithout"))
                .containsExactly("hasText 4 1", "keywords.invoice 2 3");
        assertThat(report.path("dimensions").valueStream().map(JsonNode::asString).toList()).containsExactly("city", "date");
        assertThat(rows(report.path("dimension").path("values"), "value", "documents", "completed", "failed", "pages"))
                .containsExactly("Leuven 2 1 1 3", "Gent 1 1 0 2");
        assertThat(report.path("throughput").findValues("pages").stream().mapToLong(JsonNode::asLong).sum()).isEqualTo(5);
        JsonNode conversion = report.path("stages").valueStream().filter(s -> s.path("stage").asString().equals("CONVERSION")).findFirst().orElseThrow();
        assertThat(conversion.path("events").asLong()).isEqualTo(5);
        // From counters by duration bucket: upper bounds within 19 % of the true 300 ms median and 500 ms maximum.
        assertThat(conversion.path("p50Ms").asDouble()).isBetween(300.0, 300 * 1.19);
        assertThat(conversion.path("maxMs").asLong()).isBetween(500L, 595L);
        // The batch's cost so far: five model calls of the sagemaker backend, priced by the cost model.
        assertThat(report.path("cost").path("total").asDouble()).isPositive();
        assertThat(report.path("cost").path("breakdown").has("model:sagemaker")).isTrue();
        JsonNode inference = report.path("stages").valueStream().filter(s -> s.path("stage").asString().equals("INFERENCE")).findFirst().orElseThrow();
        assertThat(inference.path("notSucceeded").asLong()).isEqualTo(1);
    }

    @Test
    void writesTheSameFiguresAsCsvOnePerRow() {
        HttpResponse<String> csv = ApiClient.writer(port).get("/batches/" + batch.id + "/report.csv?by=city");

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d).contains("attachment"));
        assertThat(csv.body().split("\r\n")).startsWith("section,name,detail,value")
                .contains("documents,completed,,2", "pages,inferred,,5", "failures_document,CORRUPT,CLASSIFICATION,1",
                        "features,keywords.invoice,pages_without,3", "dimension_city,Leuven,documents,2")
                .anySatisfy(row -> assertThat(row).startsWith("cost,total_usd,,"));
    }

    @Test
    void neutralisesCsvFieldsASpreadsheetWouldRun() {
        assertThat(ReportCsv.field("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(ReportCsv.field("-12.5")).isEqualTo("-12.5");
        assertThat(ReportCsv.field("a,b")).isEqualTo("\"a,b\"");
    }

    @Test
    void pagesThroughABatchsDocumentsFilteredByStatusAndReason() {
        JsonNode first = get("/batches/" + batch.id + "/documents?limit=2");
        assertThat(first.path("documents").size()).isEqualTo(2);
        JsonNode second = get(first.path("next").asString());
        assertThat(second.path("documents").size()).isEqualTo(1);
        assertThat(second.path("next").isNull() || second.path("next").isMissingNode()).isTrue();
        List<String> all = new ArrayList<>();
        first.path("documents").forEach(d -> all.add(d.path("id").asString()));
        second.path("documents").forEach(d -> all.add(d.path("id").asString()));
        assertThat(all).containsExactlyInAnyOrder(batch.leuven.toString(), batch.gent.toString(), batch.corrupt.toString());

        JsonNode failed = get("/batches/" + batch.id + "/documents?status=FAILED&reason=CORRUPT");
        assertThat(failed.path("documents").size()).isEqualTo(1);
        assertThat(failed.path("documents").get(0).path("metadata").path("city").asString()).isEqualTo("Leuven");
        assertThat(get("/batches/" + batch.id + "/documents?status=CANCELLED").path("documents").size()).isZero();

        JsonNode document = get("/documents/" + batch.gent);
        assertThat(document.path("metadata").path("date").asString()).isEqualTo("2022-10-13");
    }

    @Test
    void theViewsForBiToolsAgreeWithTheReport() {
        assertThat(jdbc.sql("SELECT documents_completed FROM report_batch WHERE batch_id = :b").param("b", batch.id).query(Long.class).single())
                .isEqualTo(2);
        assertThat(jdbc.sql("SELECT pages_with FROM report_feature WHERE batch_id = :b AND feature = 'hasText'").param("b", batch.id)
                .query(Long.class).single()).isEqualTo(4);
        assertThat(jdbc.sql("SELECT documents_without FROM report_feature WHERE batch_id = :b AND feature = 'keywords.invoice'")
                .param("b", batch.id).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM document_dimension WHERE batch_id = :b AND dimension = 'city' AND value = 'Leuven'")
                .param("b", batch.id).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT sum(failures) FROM report_failure WHERE batch_id = :b").param("b", batch.id).query(Long.class).single())
                .isEqualTo(2);
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = ApiClient.writer(port).get(path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> rows(JsonNode array, String... fields) {
        List<String> rows = new ArrayList<>();
        for (JsonNode item : array) {
            List<String> values = new ArrayList<>();
            for (String field : fields) {
                values.add(item.path(field).asString());
            }
            rows.add(String.join(" ", values));
        }
        return rows;
    }
}
