package dev.docpipe.ingestion.control;

import dev.docpipe.core.schedule.PeriodicTask;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Sends back, now and then, messages parked for a batch that has resumed meanwhile (see {@link BatchControl#releaseStrays}). */
@Component
class StrayParkedMessages extends PeriodicTask {

    private final BatchControl control;

    StrayParkedMessages(BatchControl control, @Value("${docpipe.ingestion.stray-parked-interval:30s}") Duration interval) {
        super("stray-parked-messages", interval);
        this.control = control;
    }

    @Override
    protected void runOnce() {
        control.releaseStrays();
    }
}
