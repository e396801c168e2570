package dev.docpipe.dispatcher.infer;

import dev.docpipe.core.schedule.PeriodicTask;
import dev.docpipe.dispatcher.backend.InferenceProperties;
import dev.docpipe.dispatcher.backend.ModelThrottledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds the jobs no notification ended: open past the notification grace (the notification was
 * lost, dead-lettered, throttled, or no topic is configured) or lost and awaiting their restart.
 * Every dispatcher task runs one, on a thread of its own so that slow reads never delay the
 * listeners' visibility heartbeats; claims keep two tasks off the same job.
 */
@Component
class JobPoller extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(JobPoller.class);

    private final InferenceJobs jobs;

    JobPoller(InferenceJobs jobs, InferenceProperties properties) {
        super("job-poller", properties.jobs().pollInterval());
        this.jobs = jobs;
    }

    @Override
    protected void runOnce() {
        for (InferenceJobs.Job job : jobs.claimOverdue()) {
            if (!poll(job)) {
                return;
            }
        }
    }

    /** @return false when the backend throttled: the rest wait for the next look */
    private boolean poll(InferenceJobs.Job job) {
        try {
            if ("LOST".equals(job.status())) {
                jobs.resend(job);
            } else {
                InferenceJobs.Collected collected = jobs.collect(job.jobId(), "poll");
                log.info("Polled job {} of page {} of document {}, no notification came: {}", job.jobId(), job.pageNumber(),
                        job.documentId(), collected);
            }
            return true;
        } catch (ModelThrottledException e) {
            log.info("Polling job {} was throttled; it is polled again later", job.jobId());
            return false;
        } catch (RuntimeException e) {
            log.warn("Polling job {} failed; it is polled again later", job.jobId(), e);
            return true;
        }
    }
}
