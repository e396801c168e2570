package dev.docpipe.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.contracts.PipelineQueue;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class QueueTopologyInstallerTest {

    static EmbeddedSqs server;
    static SqsClient sqs;

    @BeforeAll
    static void start() {
        server = EmbeddedSqs.start("us-east-1", "000000000000");
        sqs = SqsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")))
                .build();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        server.close();
    }

    @Test
    void createsEveryQueueWithItsDeadLetterQueueAndRedrivePolicy() {
        List<InstalledQueue> installed = new QueueTopologyInstaller(sqs, "topology-").installAll();

        assertThat(installed).extracting(InstalledQueue::queue).containsExactly(PipelineQueue.values());
        for (InstalledQueue queue : installed) {
            assertThat(queue.name()).isEqualTo("topology-" + queue.queue().defaultName());
            assertThat(queue.dlqArn()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:" + queue.dlqName());

            Map<QueueAttributeName, String> source = attributes(queue.url());
            assertThat(source.get(QueueAttributeName.VISIBILITY_TIMEOUT))
                    .isEqualTo(Long.toString(queue.queue().visibilityTimeout().toSeconds()));
            assertThat(jsonField(source.get(QueueAttributeName.REDRIVE_POLICY), "deadLetterTargetArn"))
                    .isEqualTo(queue.dlqArn());
            assertThat(jsonField(source.get(QueueAttributeName.REDRIVE_POLICY), "maxReceiveCount"))
                    .isEqualTo(Integer.toString(PipelineQueue.MAX_RECEIVE_COUNT));
        }
    }

    @Test
    void asksForFourDaysRetentionAndFourteenOnTheDeadLetterQueue() {
        // ElasticMQ ignores MessageRetentionPeriod (it logs so), so what the installer asks for is
        // checked here rather than read back from the server.
        assertThat(QueueTopologyInstaller.deadLetterQueueAttributes())
                .containsExactly(Map.entry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"));
        assertThat(QueueTopologyInstaller.sourceQueueAttributes(PipelineQueue.CHUNK_LARGE, "arn:dlq"))
                .containsOnly(
                        Map.entry(QueueAttributeName.VISIBILITY_TIMEOUT, "300"),
                        Map.entry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "345600"),
                        Map.entry(QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\"arn:dlq\",\"maxReceiveCount\":5}"));
    }

    @Test
    void installingAgainKeepsTheQueuesAndRestoresChangedAttributes() {
        QueueTopologyInstaller installer = new QueueTopologyInstaller(sqs, "twice-");
        List<InstalledQueue> first = installer.installAll();
        String ingestUrl = first.getFirst().url();
        sqs.sendMessage(r -> r.queueUrl(ingestUrl).messageBody("kept"));
        sqs.setQueueAttributes(r -> r.queueUrl(ingestUrl).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "7")));

        List<InstalledQueue> second = installer.installAll();

        assertThat(second).isEqualTo(first);
        assertThat(attributes(ingestUrl).get(QueueAttributeName.VISIBILITY_TIMEOUT))
                .isEqualTo(Long.toString(PipelineQueue.INGEST.visibilityTimeout().toSeconds()));
        assertThat(attributes(ingestUrl).get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo("1");
    }

    @Test
    void aMessageReceivedMaxReceiveCountTimesWithoutDeleteMovesToTheDeadLetterQueue() {
        InstalledQueue queue = new QueueTopologyInstaller(sqs, "redrive-").install(PipelineQueue.PAGE_SINGLE);
        sqs.sendMessage(r -> r.queueUrl(queue.url()).messageBody("poison"));

        int receives = 0;
        // Visibility 0 makes the message visible again at once, standing in for a consumer that
        // fails and lets the visibility timeout run out.
        while (receives <= PipelineQueue.MAX_RECEIVE_COUNT
                && !sqs.receiveMessage(r -> r.queueUrl(queue.url()).visibilityTimeout(0).waitTimeSeconds(1))
                        .messages().isEmpty()) {
            receives++;
        }

        assertThat(receives).isEqualTo(PipelineQueue.MAX_RECEIVE_COUNT);
        List<Message> dead = sqs.receiveMessage(r -> r.queueUrl(queue.dlqUrl())
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                        .waitTimeSeconds(1))
                .messages();
        assertThat(dead).extracting(Message::body).containsExactly("poison");
    }

    private static Map<QueueAttributeName, String> attributes(String queueUrl) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL)).attributes();
    }

    /** The value of a top-level string or number field; enough for a redrive policy. */
    private static String jsonField(String json, String field) {
        Matcher matcher = Pattern.compile("\"" + field + "\"\\s*:\\s*\"?([^\",}]+)\"?").matcher(json);
        assertThat(matcher.find()).as("%s in %s", field, json).isTrue();
        return matcher.group(1);
    }
}
