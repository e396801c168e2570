package dev.docpipe.dispatcher.backend;

/**
 * An asynchronous backend accepted the page as a job; its output is collected when the job's
 * completion notification arrives, or by polling when none does ({@link AsyncInferenceBackend#poll}).
 *
 * @param backend the backend that runs the job
 * @param jobId   the service's id of the job
 */
public record JobStarted(String backend, String jobId) implements BackendAnswer {}
