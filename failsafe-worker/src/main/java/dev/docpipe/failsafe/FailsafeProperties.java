package dev.docpipe.failsafe;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param watchInterval     how often the dead-letter queues' depths are read (metrics and alarm)
 * @param alarmTopicArn     an SNS topic told when a dead-letter queue stops being empty; unset, the
 *     alarm is a log line and the API's {@code alarm} flag only
 * @param reconcileInterval how often documents that stopped moving are looked for
 * @param stuckAfter        how long a document in flight may go without progress before it is
 *     re-driven (only while the pipeline's queues are empty, see {@code StuckDocuments})
 * @param reconcileLimit    documents re-driven per look, at most
 * @param fallbackDpi       the lowest acceptable resolution: a dead-lettered page's last conversion
 *     is tried at this resolution (or its own, if lower)
 */
@Validated
@ConfigurationProperties("docpipe.failsafe")
public record FailsafeProperties(
        @DefaultValue("30s") @NotNull Duration watchInterval,
        String alarmTopicArn,
        @DefaultValue("1m") @NotNull Duration reconcileInterval,
        @DefaultValue("30m") @NotNull Duration stuckAfter,
        @DefaultValue("100") @Positive int reconcileLimit,
        @DefaultValue("100") @Positive int fallbackDpi) {}
