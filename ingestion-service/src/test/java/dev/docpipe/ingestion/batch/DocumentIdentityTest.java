package dev.docpipe.ingestion.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Listing the same object again in a batch must find the document it already recorded. */
class DocumentIdentityTest {

    private static final UUID BATCH = UUID.fromString("6f1c2a9e-0d5b-4c1e-9a57-3f2e8b7d4c10");

    @Test
    void theSameObjectInTheSameBatchAlwaysHasTheSameId() {
        UUID first = BatchLister.documentId(BATCH, "docpipe-input", "in/a.pdf");
        UUID second = BatchLister.documentId(UUID.fromString(BATCH.toString()), "docpipe-input", "in/a.pdf");

        assertThat(second).isEqualTo(first);
    }

    @Test
    void anotherBatchBucketOrKeyGivesAnotherId() {
        UUID id = BatchLister.documentId(BATCH, "docpipe-input", "in/a.pdf");

        assertThat(BatchLister.documentId(UUID.randomUUID(), "docpipe-input", "in/a.pdf")).isNotEqualTo(id);
        assertThat(BatchLister.documentId(BATCH, "docpipe-archive", "in/a.pdf")).isNotEqualTo(id);
        assertThat(BatchLister.documentId(BATCH, "docpipe-input", "in/A.pdf")).isNotEqualTo(id);
        // The separator keeps bucket and key apart: "a" + "b/c" is not "a/b" + "c".
        assertThat(BatchLister.documentId(BATCH, "a", "b/c")).isNotEqualTo(BatchLister.documentId(BATCH, "a/b", "c"));
    }
}
