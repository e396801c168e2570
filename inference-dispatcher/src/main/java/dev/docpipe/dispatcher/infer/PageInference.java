package dev.docpipe.dispatcher.infer;

import dev.docpipe.contracts.PageRef;
import dev.docpipe.contracts.S3EventNotification;
import dev.docpipe.core.messaging.StageContext;
import dev.docpipe.core.storage.ObjectStore;
import dev.docpipe.dispatcher.annotate.Annotations;
import dev.docpipe.dispatcher.backend.BackendAnswer;
import dev.docpipe.dispatcher.backend.InferenceBackend;
import dev.docpipe.dispatcher.backend.InferenceBackends;
import dev.docpipe.dispatcher.backend.JobStarted;
import dev.docpipe.dispatcher.backend.ModelOutput;
import dev.docpipe.dispatcher.backend.ModelThrottledException;
import dev.docpipe.dispatcher.backend.PageInput;
import dev.docpipe.dispatcher.features.FeatureExtractor;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Infers one converted page: a synchronous backend's answer is recorded at once (exactly once,
 * see {@link InferenceResults}); an asynchronous backend's job is recorded, and its result
 * collected when the job ends ({@link InferenceJobs}). A throttled call re-queues the page with a
 * delay instead of failing it.
 */
@Service
class PageInference {

    private final ObjectStore store;
    private final InferenceBackends backends;
    private final FeatureExtractor features;
    private final ThrottleRequeue requeue;
    private final InferenceResults results;
    private final InferenceJobs jobs;
    private final Annotations annotations;
    private final JdbcClient jdbc;

    PageInference(ObjectStore store, InferenceBackends backends, FeatureExtractor features, ThrottleRequeue requeue,
            InferenceResults results, InferenceJobs jobs, Annotations annotations, JdbcClient jdbc) {
        this.store = store;
        this.backends = backends;
        this.features = features;
        this.requeue = requeue;
        this.results = results;
        this.jobs = jobs;
        this.annotations = annotations;
        this.jdbc = jdbc;
    }

    /**
     * @param throttles how often this page was throttled before (the re-queued copy's count)
     */
    void infer(S3EventNotification notification, int throttles) {
        PageRef page = notification.page();
        Optional<Target> target = target(page.documentId(), page.pageNumber());
        if (target.isEmpty()) {
            StageContext.duplicate("document terminal, result already recorded or job already running");
            return;
        }
        StageContext.batch(target.get().batchId());
        String model = target.get().model();
        InferenceBackend backend = backends.forBatch(target.get().backend());
        BackendAnswer answer;
        try {
            answer = backend.infer(new PageInput(model, page, () -> store.read(page.bucket(), page.key()), target.get().generation()));
        } catch (ModelThrottledException e) {
            requeue.later(notification, throttles, e);
            return;
        }
        String throttled = throttles > 0 ? " after %d throttles".formatted(throttles) : "";
        switch (answer) {
            case ModelOutput output -> {
                String extracted = features.extract(model, target.get().featureRules(), output.rawJson());
                // Before the result: once it is recorded, a redelivery would skip the page.
                String annotated = target.get().annotate() ? annotations.annotate(page, output.rawJson()).orElse(null) : null;
                InferenceResults.Recorded recorded = results.record(page, model, output, extracted, annotated, () -> {});
                StageContext.note("model=%s backend=%s latency=%dms features=%s%s%s%s".formatted(model, output.backend(),
                        output.latency().toMillis(), extracted, annotated == null ? "" : " annotated=" + annotated, throttled,
                        recorded.completedDocument() ? " document completed" : ""));
            }
            case JobStarted job -> {
                boolean recorded = jobs.started(page, model, job, target.get().generation());
                StageContext.note("model=%s backend=%s job %s %s (generation %d)%s".formatted(model, job.backend(), job.jobId(),
                        recorded ? "started" : "already recorded", target.get().generation(), throttled));
            }
        }
    }

    /**
     * The model and backend to run, unless the document is terminal, this page already has its
     * result, or a job for it is running; with the generation of the page's next job (one more
     * than a lost job's).
     */
    private Optional<Target> target(UUID documentId, int pageNumber) {
        return jdbc.sql("""
                        SELECT b.id AS batch_id, b.options ->> 'model' AS model, b.options ->> 'backend' AS backend,
                               COALESCE((b.options ->> 'annotate')::boolean, false) AS annotate,
                               COALESCE(j.generation + 1, 0) AS generation, b.options ->> 'features' AS feature_rules
                          FROM document d JOIN batch b ON b.id = d.batch_id
                          LEFT JOIN inference_job j ON j.document_id = d.id AND j.page_number = :page
                                                   AND j.model = b.options ->> 'model'
                         WHERE d.id = :document AND d.status = 'CLASSIFIED'
                           AND (j.job_id IS NULL OR j.status = 'LOST')
                           AND NOT EXISTS (SELECT 1 FROM inference_result r
                                            WHERE r.batch_id = d.batch_id AND r.document_id = d.id AND r.page_number = :page
                                              AND r.model = b.options ->> 'model')""")
                .param("document", documentId)
                .param("page", pageNumber)
                .query(Target.class)
                .optional();
    }

    /** @param featureRules the batch's own feature rules (JSON), or null */
    record Target(UUID batchId, String model, String backend, boolean annotate, int generation, String featureRules) {}
}
