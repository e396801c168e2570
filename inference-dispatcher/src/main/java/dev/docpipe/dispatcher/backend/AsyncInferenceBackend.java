package dev.docpipe.dispatcher.backend;

/**
 * A backend that runs the model as a job: {@link #infer} starts it and answers {@link JobStarted};
 * {@link #poll} reads where the job is, and its whole output once it has finished.
 */
public interface AsyncInferenceBackend extends InferenceBackend {

    /**
     * @throws ModelThrottledException when the service refused the read for quota; the job is
     *     unchanged and can be polled again
     */
    JobState poll(String jobId);

    /** Where a job is. */
    sealed interface JobState {}

    /** Still running. */
    record Running() implements JobState {}

    /** Finished; {@code output} is the model's whole answer, every page of results read. */
    record Succeeded(ModelOutput output) implements JobState {}

    /** Finished without a result; the service's reason. */
    record Failed(String reason) implements JobState {}

    /** The service does not know the job (its results expired, or it was never recorded there). */
    record Lost(String reason) implements JobState {}
}
