package dev.docpipe.ingestion.control;

import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class BatchControlController {

    private final BatchControl control;

    BatchControlController(BatchControl control) {
        this.control = control;
    }

    /** Stops new work of the batch; what is running finishes. 409 unless LISTING or RUNNING. */
    @PostMapping("/batches/{id}/pause")
    BatchControl.Changed pause(@PathVariable UUID id) {
        return control.pause(id);
    }

    /** Sends the batch's parked messages back to their queues. 409 unless PAUSED. */
    @PostMapping("/batches/{id}/resume")
    BatchControl.Changed resume(@PathVariable UUID id) {
        return control.resume(id);
    }

    /** Ends every outstanding document CANCELLED. 409 once the batch has ended. */
    @PostMapping("/batches/{id}/cancel")
    BatchControl.Changed cancel(@PathVariable UUID id) {
        return control.cancel(id);
    }
}
