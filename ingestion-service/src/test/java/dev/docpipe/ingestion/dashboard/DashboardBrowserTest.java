package dev.docpipe.ingestion.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.docpipe.ingestion.IngestionTestProperties;
import dev.docpipe.ingestion.report.FinishedBatch;
import dev.docpipe.testing.ApiClient;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard as a person sees it: headless Chromium loads the page from the running service,
 * runs its script against the API with the token from the page's fragment, and the rendered DOM
 * shows the batch's progress, its failures, the dead-letter queue holding a message, and charts
 * drawn by Chart.js. A screenshot is kept under target/ for a look. Skipped where no Chromium is
 * installed ({@code .ci/run} installs it).
 */
@PipelineInfrastructure
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=ingestion-service")
class DashboardBrowserTest {

    private final TestInfrastructure infra = TestInfrastructure.shared();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IngestionTestProperties.register(registry);
    }

    @Test
    void showsProgressFailuresDeadLettersAndChartsOfABatch() throws Exception {
        Optional<Path> chromium = chromium();
        assumeTrue(chromium.isPresent(), "no Chromium on this machine");
        infra.resetState();
        FinishedBatch batch = new FinishedBatch().write(JdbcClient.create(infra.dataSource()));
        String dlq = infra.sqsClient().getQueueUrl(b -> b.queueName("docpipe-page-single-dlq")).queueUrl();
        infra.sqsClient().sendMessage(b -> b.queueUrl(dlq).messageBody("{}"));

        String url = "http://127.0.0.1:%d/dashboard#token=%s&batch=%s".formatted(port, ApiClient.READ_TOKEN, batch.id);
        String dom = run(chromium.get(), "--dump-dom", url);

        assertThat(dom).contains("data-loaded=\"true\"").contains("data-batch-shown=\"" + batch.id + "\"");
        assertThat(dom).contains("5 of 6 pages inferred, 1 failed; 2 of 3 documents completed, 1 failed")
                .containsPattern("estimated cost so far \\$\\d+\\.\\d{2}");
        assertThat(dom).contains("<td>CORRUPT</td>").contains("<td>TIMEOUT</td>");
        assertThat(dom).containsPattern("<td>page-single</td><td>1</td><td>0</td><td class=\"alarm\">ALARM</td>");
        assertThat(dom).containsPattern("<td>ingest</td><td>0</td><td>0</td><td>ok</td>");
        // Chart.js sizes every canvas it draws on; an undrawn canvas keeps no style.
        for (String chart : List.of("throughput-chart", "failures-chart", "stages-chart")) {
            assertThat(dom).containsPattern("<canvas id=\"" + chart + "\"[^>]*style=\"[^\"]*box-sizing: border-box");
        }

        Path screenshot = Path.of("target", "dashboard.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        run(chromium.get(), "--screenshot=" + screenshot, "--window-size=1400,1000", url);
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    @Test
    void withoutATokenTheDashboardAsksForOneAndShowsNoData() throws Exception {
        Optional<Path> chromium = chromium();
        assumeTrue(chromium.isPresent(), "no Chromium on this machine");
        infra.resetState();
        FinishedBatch batch = new FinishedBatch().write(JdbcClient.create(infra.dataSource()));

        String dom = run(chromium.get(), "--dump-dom", "http://127.0.0.1:%d/dashboard".formatted(port));

        assertThat(dom).contains("Enter an API token").doesNotContain(batch.id.toString()).doesNotContain("data-loaded");
    }

    private static String run(Path chromium, String... arguments) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=8000"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Chromium did not finish");
        }
        return out;
    }

    private static Optional<Path> chromium() {
        return Stream.of("chromium", "chromium-browser", "google-chrome")
                .flatMap(name -> Stream.of(System.getenv("PATH").split(":")).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
