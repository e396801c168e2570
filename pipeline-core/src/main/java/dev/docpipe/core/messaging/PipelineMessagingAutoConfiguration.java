package dev.docpipe.core.messaging;

import dev.docpipe.contracts.PipelineQueue;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.support.converter.MessagingMessageConverter;
import io.awspring.cloud.sqs.support.converter.SqsMessagingMessageConverter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.json.JsonMapper;

/**
 * Message conversion by queue: every queue of the topology carries one message type, so the
 * payload type comes from the queue a message arrived on, not from a Java class name in a header.
 * That keeps the wire format free of class names (an S3 event notification has none anyway) and
 * gives the listener machinery typed payloads, and with them the document ids, before the
 * listener runs.
 */
@AutoConfiguration(before = SqsAutoConfiguration.class, after = JacksonAutoConfiguration.class)
// Only in a docpipe service: a context that is not one (the model endpoint in the local runner) stays plain.
@ConditionalOnProperty(prefix = "docpipe.service", name = "name")
public class PipelineMessagingAutoConfiguration {

    @Bean
    QueueNames queueNames(Environment environment) {
        return new QueueNames(environment);
    }

    @Bean
    MessagingMessageConverter<Message> pipelineMessageConverter(QueueNames queues, ObjectProvider<JsonMapper> jsonMapper) {
        JsonMapper mapper = jsonMapper.getIfAvailable(() -> JsonMapper.builder().build());
        SqsMessagingMessageConverter converter = new SqsMessagingMessageConverter(mapper);
        converter.setPayloadTypeMapper(message -> {
            String queue = message.getHeaders().get(SqsHeaders.SQS_QUEUE_NAME_HEADER, String.class);
            return queue == null ? String.class : queues.find(queue).<Class<?>>map(PipelineQueue::messageType).orElse(String.class);
        });
        converter.doNotSendPayloadTypeHeader();
        return converter;
    }
}
