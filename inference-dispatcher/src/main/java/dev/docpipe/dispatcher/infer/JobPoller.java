package dev.docpipe.dispatcher.infer;

import dev.docpipe.dispatcher.backend.InferenceProperties;
import dev.docpipe.dispatcher.backend.ModelThrottledException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Finds the jobs no notification ended: open past the notification grace (the notification was
 * lost, dead-lettered, throttled, or no topic is configured) or lost and awaiting their restart.
 * Every dispatcher task runs one, on a thread of its own so that slow reads never delay the
 * listeners' visibility heartbeats; claims keep two tasks off the same job.
 */
@Component
class JobPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobPoller.class);

    private final InferenceJobs jobs;
    private final InferenceProperties.Jobs settings;
    private ScheduledExecutorService timer;

    JobPoller(InferenceJobs jobs, InferenceProperties properties) {
        this.jobs = jobs;
        this.settings = properties.jobs();
    }

    void pollOverdue() {
        try {
            for (InferenceJobs.Job job : jobs.claimOverdue()) {
                if (!poll(job)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("Looking for overdue jobs failed; looking again in {}", settings.pollInterval(), e);
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

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("job-poller").daemon().factory());
        long period = settings.pollInterval().toMillis();
        timer.scheduleWithFixedDelay(this::pollOverdue, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
