package dev.docpipe.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.core.testapp.ListenerTestApplication;
import dev.docpipe.core.testapp.PipelineFixtures;
import dev.docpipe.core.testapp.ScriptedWork;
import dev.docpipe.core.testapp.ScriptedWork.Step;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import dev.docpipe.testing.TestQueues;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * RELIABILITY.md case 13, a service told to stop (SIGTERM closes the context) while it works:
 * work in progress finishes and is acknowledged, and work that cannot finish is handed back at
 * once rather than after the visibility timeout; nothing unfinished counts as done.
 */
@PipelineInfrastructure
class GracefulStopTest {

    private static final String QUEUE = "docpipe-page-single";

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final TestQueues queues = new TestQueues(infra);
    private final JdbcClient jdbc = JdbcClient.create(infra.dataSource());

    @BeforeEach
    void cleanSlate() {
        infra.resetState();
    }

    @Test
    void workInProgressFinishesAndIsAcknowledgedBeforeTheServiceStops() {
        UUID[] ids = PipelineFixtures.batchWithDocuments(1, 1);
        ConfigurableApplicationContext service = start();
        ScriptedWork work = service.getBean(ScriptedWork.class);
        work.script(ids[1], Step.SLOW);
        send(ids);
        await().atMost(Duration.ofSeconds(20)).until(() -> !work.deliveries(ids[1]).isEmpty());

        service.close();

        assertThat(work.deliveries(ids[1])).containsExactly(1);
        // Finished, so acknowledged: deleted before the stop ends, not left in flight for the queue's
        // 2-minute visibility timeout.
        assertThat(queues.messagesIn(QUEUE)).as("finished, so acknowledged, not redelivered").isZero();
        assertThat(jdbc.sql("SELECT outcome FROM audit_event WHERE document_id = :id").param("id", ids[1]).query(String.class).list())
                .containsExactly("SUCCEEDED");
    }

    @Test
    void unfinishedWorkIsHandedBackAtOnceForAnotherWorker() {
        UUID[] ids = PipelineFixtures.batchWithDocuments(1, 1);
        ConfigurableApplicationContext stopping = start();
        ConfigurableApplicationContext other = null;
        try {
            ScriptedWork work = stopping.getBean(ScriptedWork.class);
            work.script(ids[1], Step.SLOW);
            send(ids);
            await().atMost(Duration.ofSeconds(20)).until(() -> !work.deliveries(ids[1]).isEmpty());

            // The last step of a stop, once the containers gave up waiting: the message goes back now.
            stopping.getBean(UnfinishedWorkRelease.class).stop();

            other = start();
            ScriptedWork otherWork = other.getBean(ScriptedWork.class);
            // The queue's visibility timeout is 2 minutes: a second delivery within seconds is the hand-back.
            await().atMost(Duration.ofSeconds(15)).until(() -> !otherWork.deliveries(ids[1]).isEmpty());
            assertThat(otherWork.deliveries(ids[1])).containsExactly(2);
        } finally {
            stopping.close();
            if (other != null) {
                other.close();
            }
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(ListenerTestApplication.class).run(PipelineFixtures.serviceArguments().toArray(String[]::new));
    }

    private void send(UUID[] ids) {
        infra.sqsClient().sendMessage(b -> b.queueUrl(queues.url(QUEUE)).messageBody(PipelineFixtures.convertPageJson(ids[0], ids[1])));
    }
}
