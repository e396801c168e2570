package dev.docpipe.dispatcher.backend;

/**
 * What a backend answers for a page: the model's output at once ({@link ModelOutput}), or a job
 * it started whose output arrives later ({@link JobStarted}).
 */
public sealed interface BackendAnswer permits ModelOutput, JobStarted {

    /** The backend that answered. */
    String backend();
}
