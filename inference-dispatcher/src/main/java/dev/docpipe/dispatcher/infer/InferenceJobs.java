package dev.docpipe.dispatcher.infer;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.PageRef;
import dev.docpipe.contracts.PipelineQueue;
import dev.docpipe.contracts.S3EventNotification;
import dev.docpipe.contracts.Stage;
import dev.docpipe.core.audit.AuditEvent;
import dev.docpipe.core.audit.AuditRecorder;
import dev.docpipe.core.audit.Outcome;
import dev.docpipe.core.ledger.DocumentLedger;
import dev.docpipe.core.messaging.PipelineMessenger;
import dev.docpipe.dispatcher.annotate.Annotations;
import dev.docpipe.dispatcher.backend.AsyncInferenceBackend.Failed;
import dev.docpipe.dispatcher.backend.AsyncInferenceBackend.JobState;
import dev.docpipe.dispatcher.backend.AsyncInferenceBackend.Lost;
import dev.docpipe.dispatcher.backend.AsyncInferenceBackend.Running;
import dev.docpipe.dispatcher.backend.AsyncInferenceBackend.Succeeded;
import dev.docpipe.dispatcher.backend.InferenceBackends;
import dev.docpipe.dispatcher.backend.InferenceProperties;
import dev.docpipe.dispatcher.backend.JobStarted;
import dev.docpipe.dispatcher.backend.ModelOutput;
import dev.docpipe.dispatcher.features.FeatureExtractor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The jobs of asynchronous backends, one per page and model, kept in {@code inference_job} so a
 * job is found from its id (the notification names it) or its page image (the S3 object it
 * reads). A job ends once, by whichever comes first: its completion notification or a poll;
 * the result is then recorded like a synchronous one. A job the service no longer knows, or
 * one that outlives its timeout, is started again (a new generation) up to a bound.
 */
@Service
class InferenceJobs {

    /** How a collection ended. */
    enum Collected { RECORDED, DUPLICATE, FAILED, RUNNING, RESTARTED, NOT_OPEN }

    record Job(String jobId, String backend, UUID documentId, int pageNumber, String model, String bucket, String objectKey,
            String status, int generation, Instant startedAt) {

        PageRef page() {
            return new PageRef(bucket, objectKey, documentId, pageNumber);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(InferenceJobs.class);

    private static final String COLUMNS = """
            j.job_id, j.backend, j.document_id, j.page_number, j.model, j.bucket, j.object_key, j.status,
            j.generation, j.started_at""";

    private final InferenceBackends backends;
    private final FeatureExtractor features;
    private final InferenceResults results;
    private final DocumentLedger ledger;
    private final PipelineMessenger messenger;
    private final AuditRecorder audit;
    private final Annotations annotations;
    private final JdbcClient jdbc;
    private final InferenceProperties.Jobs settings;

    InferenceJobs(InferenceBackends backends, FeatureExtractor features, InferenceResults results, DocumentLedger ledger,
            PipelineMessenger messenger, AuditRecorder audit, Annotations annotations, JdbcClient jdbc, InferenceProperties properties) {
        this.backends = backends;
        this.features = features;
        this.results = results;
        this.ledger = ledger;
        this.messenger = messenger;
        this.audit = audit;
        this.annotations = annotations;
        this.jdbc = jdbc;
        this.settings = properties.jobs();
    }

    /**
     * Records a started job. A redelivered page whose start returned the same job changes
     * nothing; a page whose previous job was lost takes the new one.
     *
     * @return whether this call recorded the job
     */
    boolean started(PageRef page, String model, JobStarted job, int generation) {
        return jdbc.sql("""
                        INSERT INTO inference_job (job_id, backend, document_id, page_number, model, bucket, object_key, generation)
                        VALUES (:job, :backend, :document, :page, :model, :bucket, :key, :generation)
                        ON CONFLICT (document_id, page_number, model) DO UPDATE
                           SET job_id = excluded.job_id, backend = excluded.backend, status = 'IN_PROGRESS',
                               generation = excluded.generation, started_at = now(), notified_at = NULL,
                               last_polled_at = NULL, polls = 0, completed_at = NULL, completed_by = NULL, status_message = NULL
                         WHERE inference_job.status = 'LOST'""")
                .param("job", job.jobId())
                .param("backend", job.backend())
                .param("document", page.documentId())
                .param("page", page.pageNumber())
                .param("model", model)
                .param("bucket", page.bucket())
                .param("key", page.key())
                .param("generation", generation)
                .update() == 1;
    }

    /**
     * Reads the job's state from its backend and ends it when it has finished.
     *
     * @param via {@code notification} or {@code poll}, kept with the job
     * @throws dev.docpipe.dispatcher.backend.ModelThrottledException when the backend refused the
     *     read for quota; the job stays open and a later poll collects it
     */
    Collected collect(String jobId, String via) {
        Optional<Job> open = jdbc.sql("SELECT " + COLUMNS + " FROM inference_job j WHERE j.job_id = :job AND j.status = 'IN_PROGRESS'")
                .param("job", jobId)
                .query(Job.class)
                .optional();
        if (open.isEmpty()) {
            return Collected.NOT_OPEN;
        }
        Job job = open.get();
        if ("notification".equals(via)) {
            jdbc.sql("UPDATE inference_job SET notified_at = now() WHERE job_id = :job").param("job", jobId).update();
        }
        JobState state = backends.poll(job.backend(), jobId);
        return switch (state) {
            case Running running -> overdue(job) ? restart(job, "still running after " + settings.timeout()) : Collected.RUNNING;
            case Succeeded succeeded -> record(job, succeeded.output(), via);
            case Failed failed -> fail(job, FailureReason.INFERENCE_REJECTED, failed.reason(), via);
            case Lost lost -> restart(job, lost.reason());
        };
    }

    /**
     * Claims jobs overdue for a look: open past the notification grace, or lost and waiting for
     * their restart, and not looked at within the re-poll interval. Claiming stamps them, so
     * other dispatcher tasks polling at the same time take other jobs.
     */
    List<Job> claimOverdue() {
        return jdbc.sql("""
                        UPDATE inference_job j SET last_polled_at = now(), polls = j.polls + 1
                          FROM document d
                         WHERE d.id = j.document_id AND j.job_id IN (
                                SELECT o.job_id FROM inference_job o JOIN document od ON od.id = o.document_id
                                 WHERE od.status = 'CLASSIFIED'
                                   AND ((o.status = 'IN_PROGRESS' AND o.started_at < now() - make_interval(secs => :grace))
                                        OR o.status = 'LOST')
                                   AND (o.last_polled_at IS NULL OR o.last_polled_at < now() - make_interval(secs => :repoll))
                                 ORDER BY o.started_at
                                 LIMIT :limit
                                   FOR UPDATE OF o SKIP LOCKED)
                        RETURNING\s""" + COLUMNS)
                .param("grace", seconds(settings.notificationGrace()))
                .param("repoll", seconds(settings.repollInterval()))
                .param("limit", settings.claimLimit())
                .query(Job.class)
                .list();
    }

    /** Sends a lost job's page through inference again; the page's new start replaces the job. */
    void resend(Job job) {
        messenger.send(PipelineQueue.PAGE_CONVERTED, S3EventNotification.objectCreated(job.bucket(), job.objectKey(), 0, Instant.now()));
        log.info("Page {} of document {}: job {} was lost, page sent again (generation {})", job.pageNumber(), job.documentId(),
                job.jobId(), job.generation() + 1);
    }

    private Collected record(Job job, ModelOutput output, String via) {
        BatchChoices choices = batchChoices(job);
        String extracted = features.extract(job.model(), choices.featureRules(), output.rawJson());
        String annotated = choices.annotate() ? annotations.annotate(job.page(), output.rawJson()).orElse(null) : null;
        Duration sinceStart = Duration.between(job.startedAt(), Instant.now());
        ModelOutput timed = new ModelOutput(output.backend(), output.rawJson(), sinceStart);
        InferenceResults.Recorded recorded = results.record(job.page(), job.model(), timed, extracted, annotated,
                () -> finish(job, "SUCCEEDED", via, null));
        if (!recorded.stored()) {
            return Collected.DUPLICATE;
        }
        // The audit row times this collection (reading the results), not the job: it says how long a worker was held.
        audit(job, Outcome.SUCCEEDED, output.latency(), "job %s of %s collected by %s, %d ms after its start: features=%s%s".formatted(job.jobId(),
                job.backend(), via, sinceStart.toMillis(), extracted, recorded.completedDocument() ? " document completed" : ""));
        return Collected.RECORDED;
    }

    private Collected fail(Job job, FailureReason reason, String detail, String via) {
        finish(job, "FAILED", via, detail);
        ledger.fail(job.documentId(), Stage.INFERENCE, reason, detail);
        audit(job, Outcome.FAILED, Duration.ZERO, reason + ": " + detail);
        return Collected.FAILED;
    }

    /** Marks the job lost so its page starts a new one, or fails the document once restarts are used up. */
    private Collected restart(Job job, String why) {
        if (job.generation() + 1 > settings.maxRestarts()) {
            return fail(job, FailureReason.TIMEOUT, "job %s: %s; %d restarts used up".formatted(job.jobId(), why, settings.maxRestarts()),
                    "poll");
        }
        int marked = jdbc.sql("""
                        UPDATE inference_job SET status = 'LOST', status_message = :why, last_polled_at = now()
                         WHERE job_id = :job AND status = 'IN_PROGRESS'""")
                .param("job", job.jobId())
                .param("why", why)
                .update();
        if (marked == 1) {
            audit(job, Outcome.RETRYING, Duration.ZERO, "job %s restarted: %s".formatted(job.jobId(), why));
            resend(job);
        }
        return Collected.RESTARTED;
    }

    private void finish(Job job, String status, String via, String message) {
        jdbc.sql("""
                        UPDATE inference_job SET status = :status, completed_at = now(), completed_by = :via, status_message = :message
                         WHERE job_id = :job AND status = 'IN_PROGRESS'""")
                .param("job", job.jobId())
                .param("status", status)
                .param("via", via)
                .param("message", message)
                .update();
    }

    /** What the job's batch chose: annotated images, and its own feature rules (JSON, or null). */
    private BatchChoices batchChoices(Job job) {
        return jdbc.sql("""
                        SELECT COALESCE((b.options ->> 'annotate')::boolean, false) AS annotate, b.options ->> 'features' AS feature_rules
                          FROM document d JOIN batch b ON b.id = d.batch_id WHERE d.id = :document""")
                .param("document", job.documentId())
                .query(BatchChoices.class)
                .optional()
                .orElse(new BatchChoices(false, null));
    }

    record BatchChoices(boolean annotate, String featureRules) {}

    private boolean overdue(Job job) {
        return job.startedAt().plus(settings.timeout()).isBefore(Instant.now());
    }

    private void audit(Job job, Outcome outcome, Duration duration, String detail) {
        UUID batch = ledger.batchOf(job.documentId()).orElse(null);
        audit.record(new AuditEvent(batch, job.documentId(), job.pageNumber(), Stage.INFERENCE, outcome, job.generation() + 1,
                duration, detail, Instant.now()));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
