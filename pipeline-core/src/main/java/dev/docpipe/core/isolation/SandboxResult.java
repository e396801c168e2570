package dev.docpipe.core.isolation;

import dev.docpipe.contracts.FailureReason;
import dev.docpipe.contracts.SourceKind;

/**
 * How a sandbox task ended: done (with what it found), rejected for a reason the document
 * carries, or an error of ours (a full disk, say) that is worth a retry.
 */
public record SandboxResult(
        Status status, FailureReason reason, String detail, SourceKind kind, int pages, int width, int height, int dpi) {

    public enum Status { OK, REJECTED, ERROR }

    static SandboxResult inspected(SourceKind kind, int pages) {
        return new SandboxResult(Status.OK, null, null, kind, pages, 0, 0, 0);
    }

    static SandboxResult done() {
        return new SandboxResult(Status.OK, null, null, null, 0, 0, 0, 0);
    }

    static SandboxResult rendered(int width, int height, int dpi) {
        return new SandboxResult(Status.OK, null, null, null, 1, width, height, dpi);
    }

    static SandboxResult rejected(FailureReason reason, String detail) {
        return new SandboxResult(Status.REJECTED, reason, detail, null, 0, 0, 0, 0);
    }

    static SandboxResult error(String detail) {
        return new SandboxResult(Status.ERROR, null, detail, null, 0, 0, 0, 0);
    }
}
