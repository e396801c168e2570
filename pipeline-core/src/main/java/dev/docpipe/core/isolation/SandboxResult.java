package dev.docpipe.core.isolation;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.ColourMode;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.core.document.PageRasterizer.Raster;
import dev.docpipe.core.document.QualityGate.PageQuality;

/**
 * How a sandbox task ended: done (with what it found), rejected for a reason the document
 * carries, or an error of ours (a full disk, say) that is worth a retry. {@code retainedHeap} is
 * what the process's heap held after its last full collection (0 in-process, or before one), for
 * the service to recycle a process that keeps more and more.
 */
public record SandboxResult(
        Status status, FailureReason reason, String detail, SourceKind kind, int pages, int width, int height, int dpi,
        ColourMode colour, PageQuality quality, long retainedHeap) {

    SandboxResult(Status status, FailureReason reason, String detail, SourceKind kind, int pages, int width, int height, int dpi,
            ColourMode colour, PageQuality quality) {
        this(status, reason, detail, kind, pages, width, height, dpi, colour, quality, 0);
    }

    SandboxResult withRetainedHeap(long bytes) {
        return new SandboxResult(status, reason, detail, kind, pages, width, height, dpi, colour, quality, bytes);
    }

    public enum Status { OK, REJECTED, ERROR }

    static SandboxResult inspected(SourceKind kind, int pages) {
        return new SandboxResult(Status.OK, null, null, kind, pages, 0, 0, 0, null, null);
    }

    static SandboxResult done() {
        return new SandboxResult(Status.OK, null, null, null, 0, 0, 0, 0, null, null);
    }

    static SandboxResult rendered(Raster raster) {
        return new SandboxResult(Status.OK, null, null, null, 1, raster.width(), raster.height(), raster.dpi(),
                raster.colour(), raster.quality());
    }

    static SandboxResult rejected(FailureReason reason, String detail) {
        return new SandboxResult(Status.REJECTED, reason, detail, null, 0, 0, 0, 0, null, null);
    }

    static SandboxResult error(String detail) {
        return new SandboxResult(Status.ERROR, null, detail, null, 0, 0, 0, 0, null, null);
    }
}
