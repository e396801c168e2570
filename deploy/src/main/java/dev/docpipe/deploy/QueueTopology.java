package dev.docpipe.deploy;

import dev.docpipe.contracts.PipelineQueue;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The queues of {@link PipelineQueue}, as on every other platform: each with its dead-letter
 * queue, redrive after {@link PipelineQueue#MAX_RECEIVE_COUNT} receives, the topology's visibility
 * timeout and retention, and the dead-letter queue keeping messages longer than its source. Each
 * gets alarms: a dead-letter queue that holds anything, a dead-lettered message nearing the end of
 * its retention, and a source queue whose oldest message has waited too long.
 */
public final class QueueTopology extends Construct {

    /** A backlog older than this means the pipeline is not keeping up (or a stage is down). */
    static final Duration OLDEST_MESSAGE_ALARM = Duration.hours(1);
    /** Half the dead-letter retention: time enough to redrive before SQS deletes the message. */
    static final Duration DEAD_LETTER_AGE_ALARM = Duration.days(7);

    private final Map<PipelineQueue, Queue> sources = new EnumMap<>(PipelineQueue.class);
    private final Map<PipelineQueue, Queue> deadLetters = new EnumMap<>(PipelineQueue.class);

    public QueueTopology(Construct scope, String id, String namePrefix, ITopic alarms) {
        super(scope, id);
        SnsAction notify = new SnsAction(alarms);
        for (PipelineQueue queue : PipelineQueue.values()) {
            String id0 = camel(queue.logicalName());
            Queue dlq = Queue.Builder.create(this, id0 + "Dlq")
                    .queueName(namePrefix + queue.defaultDlqName())
                    .retentionPeriod(seconds(PipelineQueue.DLQ_RETENTION))
                    .encryption(QueueEncryption.SQS_MANAGED)
                    .enforceSsl(true)
                    .build();
            Queue source = Queue.Builder.create(this, id0)
                    .queueName(namePrefix + queue.defaultName())
                    .visibilityTimeout(seconds(queue.visibilityTimeout()))
                    .retentionPeriod(seconds(PipelineQueue.RETENTION))
                    .deadLetterQueue(DeadLetterQueue.builder().queue(dlq).maxReceiveCount(PipelineQueue.MAX_RECEIVE_COUNT).build())
                    .encryption(QueueEncryption.SQS_MANAGED)
                    .enforceSsl(true)
                    .build();
            sources.put(queue, source);
            deadLetters.put(queue, dlq);

            Alarm.Builder.create(this, id0 + "DeadLetters")
                    .alarmDescription("Messages of " + queue.defaultName() + " were dead-lettered: the failsafe worker ends their documents FAILED; look at why")
                    .metric(dlq.metricApproximateNumberOfMessagesVisible(MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").build()))
                    .threshold(0)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .evaluationPeriods(1)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build()
                    .addAlarmAction(notify);
            Alarm.Builder.create(this, id0 + "DeadLetterAge")
                    .alarmDescription("A dead-lettered message of " + queue.defaultName() + " is halfway to deletion: redrive or discard it")
                    .metric(dlq.metricApproximateAgeOfOldestMessage(MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build()))
                    .threshold(DEAD_LETTER_AGE_ALARM.toSeconds())
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .evaluationPeriods(1)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build()
                    .addAlarmAction(notify);
            Alarm.Builder.create(this, id0 + "OldestMessage")
                    .alarmDescription("The oldest message of " + queue.defaultName() + " has waited over an hour: its stage is not keeping up")
                    .metric(source.metricApproximateAgeOfOldestMessage(MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build()))
                    .threshold(OLDEST_MESSAGE_ALARM.toSeconds())
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .evaluationPeriods(3)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build()
                    .addAlarmAction(notify);
        }
    }

    public Queue source(PipelineQueue queue) {
        return sources.get(queue);
    }

    public Queue deadLetter(PipelineQueue queue) {
        return deadLetters.get(queue);
    }

    static String camel(String logicalName) {
        StringBuilder out = new StringBuilder();
        for (String part : logicalName.split("-")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    private static Duration seconds(java.time.Duration duration) {
        return Duration.seconds(duration.toSeconds());
    }
}
