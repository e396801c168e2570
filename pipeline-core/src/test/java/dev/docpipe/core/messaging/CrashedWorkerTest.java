package dev.docpipe.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.core.testapp.ListenerTestApplication;
import dev.docpipe.core.testapp.PipelineFixtures;
import dev.docpipe.core.testapp.ScriptedWork;
import dev.docpipe.core.testapp.ScriptedWork.Step;
import dev.docpipe.testing.ChildJvm;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import dev.docpipe.testing.TestQueues;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * RELIABILITY.md case 2: a worker killed (exit 137, no shutdown of any kind) after its side
 * effect and before its message was deleted. The message comes back after the visibility
 * timeout, another worker repeats the work, and the effect counts once.
 */
@PipelineInfrastructure
class CrashedWorkerTest {

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final TestQueues queues = new TestQueues(infra);
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
    }

    @Test
    void aMessageWhoseWorkerDiedAfterItsEffectIsRedeliveredAndCountsOnce(@TempDir Path logs) throws IOException, InterruptedException {
        UUID[] ids = PipelineFixtures.batchWithDocuments(1, 1);
        List<String> command = ChildJvm.command(ListenerTestApplication.class,
                List.of("-Xmx256m", "-D" + ScriptedWork.DIE_AFTER_EFFECT + "=" + ids[1]), PipelineFixtures.serviceArguments());
        Process doomed = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logs.resolve("worker.log").toFile()).start();
        try {
            infra.sqsClient().sendMessage(b -> b.queueUrl(queues.url(PipelineFixtures.SLOW_QUEUE))
                    .messageBody(PipelineFixtures.convertPageJson(ids[0], ids[1])));
            assertThat(doomed.waitFor(90, TimeUnit.SECONDS)).as("the worker dies once its effect is written").isTrue();
        } finally {
            doomed.destroyForcibly();
        }
        assertThat(doomed.exitValue()).isEqualTo(137);
        assertThat(pagesDone(ids[1])).as("the effect was written").isEqualTo("COMPLETED 1");
        assertThat(queues.messagesIn(PipelineFixtures.SLOW_QUEUE)).as("but the message was never deleted").isEqualTo(1);

        try (ConfigurableApplicationContext survivor = new SpringApplicationBuilder(ListenerTestApplication.class)
                .run(PipelineFixtures.serviceArguments().toArray(String[]::new))) {
            ScriptedWork work = survivor.getBean(ScriptedWork.class);
            work.script(ids[1], Step.EFFECT);
            await().atMost(Duration.ofSeconds(30)).until(() -> queues.messagesIn(PipelineFixtures.SLOW_QUEUE) == 0);
            assertThat(work.deliveries(ids[1])).as("redelivered after the visibility timeout").containsExactly(2);
        }
        assertThat(pagesDone(ids[1])).as("repeated work changed nothing").isEqualTo("COMPLETED 1");
        assertThat(jdbc.sql("SELECT completed_count FROM batch WHERE id = :id").param("id", ids[0]).query(Integer.class).single())
                .isEqualTo(1);
    }

    private String pagesDone(UUID document) {
        return jdbc.sql("SELECT status || ' ' || pages_done FROM document WHERE id = :id").param("id", document).query(String.class).single();
    }
}
