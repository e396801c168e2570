package dev.docpipe.dispatcher.backend;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param defaultBackend    the backend of a batch that names none
 * @param sagemakerEndpoint an endpoint override for the SageMaker runtime (the local model server);
 *     unset on AWS
 * @param contentType       the content type the model expects for a page
 * @param callTimeout       the longest a model call may take, the SDK's retries included
 * @param quotas            per backend name: its rate and concurrency limits; a backend without an
 *     entry gets {@link Quota#DEFAULT}
 * @param throttleRequeue   how long a throttled page waits before it is tried again
 * @param jobs              how jobs of asynchronous backends are watched
 */
@Validated
@ConfigurationProperties("docpipe.inference")
public record InferenceProperties(
        @DefaultValue("sagemaker") @NotBlank String defaultBackend,
        URI sagemakerEndpoint,
        @DefaultValue("image/png") @NotBlank String contentType,
        @DefaultValue("60s") Duration callTimeout,
        Map<String, @Valid Quota> quotas,
        @DefaultValue @Valid Requeue throttleRequeue,
        @DefaultValue @Valid Jobs jobs) {

    public InferenceProperties {
        quotas = quotas == null ? Map.of() : Map.copyOf(quotas);
    }

    public Quota quotaOf(String backend) {
        return quotas.getOrDefault(backend, Quota.DEFAULT);
    }

    /**
     * One backend's share of the account's quota. Quotas are per account and region per second
     * (Textract's DetectDocumentText is 1 to 10 TPS depending on the region), so with N dispatcher
     * tasks set {@code requestsPerSecond} to the quota divided by N.
     *
     * @param requestsPerSecond calls started per second, at most
     * @param maxConcurrent     calls in flight at once, at most
     * @param permitWait        how long a call waits for a permit before the page is re-queued
     */
    public record Quota(
            @DefaultValue("10") @Positive int requestsPerSecond,
            @DefaultValue("10") @Positive int maxConcurrent,
            @DefaultValue("10s") @NotNull Duration permitWait) {

        public static final Quota DEFAULT = new Quota(10, 10, Duration.ofSeconds(10));
    }

    /**
     * A throttled page is sent again as a new message with a delay, so throttling never uses up
     * the message's receives (five throttles would otherwise dead-letter it).
     *
     * @param initialDelay the delay after the first throttle; it doubles with every further one
     * @param maxDelay     the longest delay; SQS allows at most 15 minutes
     */
    public record Requeue(
            @DefaultValue("20s") @NotNull Duration initialDelay,
            @DefaultValue("15m") @NotNull Duration maxDelay) {}

    /**
     * Jobs of asynchronous backends end by their completion notification; these settings find
     * the ones whose notification never came (lost, dead-lettered, or no topic configured).
     *
     * @param pollInterval      how often this task looks for overdue jobs
     * @param notificationGrace how long a job may run before it is polled rather than awaited
     * @param repollInterval    how long after one poll an unfinished job is polled again
     * @param claimLimit        jobs polled per look, at most; other tasks take the rest
     * @param timeout           a job still unfinished this long after its start is started again
     * @param maxRestarts       restarts of a page's job (lost or timed out) before the document
     *     fails with TIMEOUT
     */
    public record Jobs(
            @DefaultValue("30s") @NotNull Duration pollInterval,
            @DefaultValue("5m") @NotNull Duration notificationGrace,
            @DefaultValue("1m") @NotNull Duration repollInterval,
            @DefaultValue("50") @Positive int claimLimit,
            @DefaultValue("30m") @NotNull Duration timeout,
            @DefaultValue("3") @Positive int maxRestarts) {}
}
