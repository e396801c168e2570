package dev.docpipe.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** What a test asks of the topology's queues, by queue name. */
public final class TestQueues {

    private final SqsClient sqs;

    public TestQueues(TestInfrastructure infra) {
        this.sqs = infra.sqsClient();
    }

    public String url(String queue) {
        return sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
    }

    /**
     * Receives what is in {@code queue}, waiting up to 10 s for it, and fails unless that is
     * exactly one message; the message is left in flight, not deleted.
     */
    public Message receiveOne(String queue) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url(queue)).maxNumberOfMessages(10).waitTimeSeconds(10))
                .messages();
        assertEquals(1, messages.size(), () -> "messages received from " + queue + ": " + messages);
        return messages.getFirst();
    }

    /**
     * Receives {@code count} messages from {@code queue}, waiting up to 10 s in all, and fails on
     * fewer or more; the messages are left in flight, not deleted.
     */
    public List<Message> receive(String queue, int count) {
        List<Message> messages = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (messages.size() < count && System.nanoTime() < deadline) {
            messages.addAll(sqs.receiveMessage(b -> b.queueUrl(url(queue)).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
        }
        messages.addAll(sqs.receiveMessage(b -> b.queueUrl(url(queue)).maxNumberOfMessages(10).waitTimeSeconds(0)).messages());
        assertEquals(count, messages.size(), () -> "messages received from " + queue + ": " + messages);
        return messages;
    }

    /**
     * Every message the queue still holds: visible, in flight and delayed, so that zero means each
     * one was deleted, not merely hidden while it backs off.
     */
    public long messagesIn(String queue) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url(queue)).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes()
                .values()
                .stream()
                .mapToLong(Long::parseLong)
                .sum();
    }

    /** One numeric attribute of {@code queue}, such as its count of in-flight messages. */
    public long attribute(String queue, QueueAttributeName name) {
        return Long.parseLong(sqs.getQueueAttributes(b -> b.queueUrl(url(queue)).attributeNames(name)).attributes().get(name));
    }
}
