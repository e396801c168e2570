package dev.docpipe.dispatcher.infer;

import dev.docpipe.contracts.SnsEnvelope;
import dev.docpipe.core.messaging.StageContext;
import dev.docpipe.dispatcher.backend.ModelThrottledException;
import io.awspring.cloud.sqs.annotation.SqsListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Textract's completion notifications, as its SNS topic delivers them to our queue. The
 * notification only says which job ended; the result is read from Textract. A notification that
 * cannot be acted on now (the read was throttled) is acknowledged anyway: the job stays open and
 * the poller collects it, so neither a throttle nor a lost notification loses the page.
 */
@Component
class TextractCompletedListener {

    private static final Logger log = LoggerFactory.getLogger(TextractCompletedListener.class);

    private final InferenceJobs jobs;
    private final JsonMapper json;

    TextractCompletedListener(InferenceJobs jobs, JsonMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    /** The listener container's id, by which it can be stopped and started. */
    static final String ID = "textract-completed";

    @SqsListener(value = "${docpipe.queue.textract-completed}", id = ID)
    void on(SnsEnvelope envelope) {
        JsonNode status;
        try {
            status = json.readTree(envelope.message() == null ? "" : envelope.message());
        } catch (JacksonException e) {
            status = null;
        }
        String jobId = status == null ? "" : status.path("JobId").asString("");
        if (jobId.isBlank()) {
            log.warn("Notification {} from {} names no job, dropped: {}", envelope.messageId(), envelope.topicArn(), envelope.message());
            return;
        }
        try {
            InferenceJobs.Collected collected = jobs.collect(jobId, "notification");
            StageContext.note("job %s %s: %s".formatted(jobId, status.path("Status").asString(""), collected));
        } catch (ModelThrottledException e) {
            log.info("Job {} finished but reading its result was throttled ({}); the poller collects it", jobId, e.getMessage());
        }
    }
}
