package dev.docpipe.ingestion.batch;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Where a listing's time went, for its closing log line: S3 listing, recording in the database, sending to SQS. */
final class ListingTimes {

    private long listingNanos;
    private long recordingNanos;
    private long sendingNanos;

    boolean listing(BooleanSupplier next) {
        long start = System.nanoTime();
        try {
            return next.getAsBoolean();
        } finally {
            listingNanos += System.nanoTime() - start;
        }
    }

    <T> T recording(Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            recordingNanos += System.nanoTime() - start;
        }
    }

    void sending(Runnable work) {
        long start = System.nanoTime();
        try {
            work.run();
        } finally {
            sendingNanos += System.nanoTime() - start;
        }
    }

    @Override
    public String toString() {
        return "S3 listing %d ms, recording %d ms, sending %d ms".formatted(listingNanos / 1_000_000, recordingNanos / 1_000_000,
                sendingNanos / 1_000_000);
    }
}
