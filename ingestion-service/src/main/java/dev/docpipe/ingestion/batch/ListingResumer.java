package dev.docpipe.ingestion.batch;

import dev.docpipe.contracts.ProcessingOptions;
import dev.docpipe.core.schedule.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resumes listings whose task died (or stopped) mid-listing: every ingestion task looks for
 * batches still LISTING whose lease ran out, at start and then every {@code resume-every}, and
 * lists them on from their cursor. Two tasks finding the same batch both try to claim it; the
 * claim is one guarded UPDATE, so only one lists.
 */
@Component
public class ListingResumer extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(ListingResumer.class);

    private final ListingRecords records;
    private final BatchLister lister;
    private final ListingProperties properties;
    private final JsonMapper json;

    ListingResumer(ListingRecords records, BatchLister lister, ListingProperties properties, JsonMapper json) {
        super("listing-resumer", properties.resumeEvery(), true);
        this.records = records;
        this.lister = lister;
        this.properties = properties;
        this.json = json;
    }

    /** Looks for listings to resume now rather than at the next interval: a batch was just resumed. */
    public void resumeNow() {
        runOnce();
    }

    @Override
    protected void runOnce() {
        for (ListingRecords.Abandoned batch : records.abandoned(properties.lease())) {
            log.info("Resuming the listing of batch {}", batch.batchId());
            lister.listAsync(batch.batchId(), batch.bucket(), batch.prefixes(), json.readValue(batch.options(), ProcessingOptions.class));
        }
    }
}
