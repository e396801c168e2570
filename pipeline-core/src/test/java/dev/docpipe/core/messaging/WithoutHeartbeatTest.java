package dev.docpipe.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.docpipe.core.testapp.ListenerTestApplication;
import dev.docpipe.core.testapp.PipelineFixtures;
import dev.docpipe.core.testapp.ScriptedWork;
import dev.docpipe.core.testapp.ScriptedWork.Step;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The control for the heartbeat test: with the heartbeat off, long work is delivered a second time. */
@PipelineInfrastructure
@SpringBootTest(classes = ListenerTestApplication.class, properties = {
    "docpipe.service.name=listener-test",
    "docpipe.service.stage=CONVERSION",
    "docpipe.storage.work-bucket=docpipe-work",
    "docpipe.listener.heartbeat=false",
    "spring.flyway.enabled=false"
})
class WithoutHeartbeatTest {

    @Autowired
    ScriptedWork work;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        PipelineFixtures.registerInfrastructure(registry::add);
    }

    @Test
    void longWorkWithoutTheHeartbeatIsDeliveredTwice() {
        TestInfrastructure infra = TestInfrastructure.shared();
        infra.resetState();
        UUID[] ids = PipelineFixtures.batchWithDocuments(1, 1);
        work.script(ids[1], Step.SLOW, Step.SUCCEED);
        String url = infra.sqsClient().getQueueUrl(b -> b.queueName(PipelineFixtures.SLOW_QUEUE)).queueUrl();

        infra.sqsClient().sendMessage(b -> b.queueUrl(url).messageBody(PipelineFixtures.convertPageJson(ids[0], ids[1])));

        await().atMost(Duration.ofSeconds(20)).until(() -> work.deliveries(ids[1]).size() >= 2);
        assertThat(work.deliveries(ids[1])).startsWith(1, 2);
    }
}
