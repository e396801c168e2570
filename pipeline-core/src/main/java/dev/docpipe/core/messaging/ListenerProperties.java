package dev.docpipe.core.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retry and heartbeat settings shared by every listener.
 *
 * @param backoffInitial    the delay before the second delivery
 * @param backoffMultiplier growth per delivery; with 5 s and 2.0 the deliveries come at about
 *     5 s, 10 s, 20 s and 40 s, so a short outage is ridden out before the dead-letter queue
 * @param backoffMax        the longest delay
 * @param heartbeat         whether long work extends its visibility while it runs
 * @param holdRefresh       how often the listeners read which batches are paused or cancelled: a
 *     pause takes effect everywhere within this time
 */
@ConfigurationProperties("docpipe.listener")
public record ListenerProperties(
        @DefaultValue("5s") Duration backoffInitial,
        @DefaultValue("2.0") double backoffMultiplier,
        @DefaultValue("15m") Duration backoffMax,
        @DefaultValue("true") boolean heartbeat,
        @DefaultValue("2s") Duration holdRefresh) {

    /** The visibility delay before the next delivery, after {@code receiveCount} deliveries. */
    public Duration backoffAfter(long receiveCount) {
        double seconds = backoffInitial.toSeconds() * Math.pow(backoffMultiplier, Math.max(0, receiveCount - 1));
        return Duration.ofSeconds((long) Math.min(seconds, backoffMax.toSeconds()));
    }
}
