package dev.docpipe.core.isolation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.docpipe.contracts.SourceKind;
import dev.docpipe.core.document.RenderSettings;
import java.util.List;

/**
 * Work on an untrusted local file, done in a sandbox process. Tasks name files, never carry
 * their bytes: parent and child share the disk.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SandboxTask.Inspect.class, name = "inspect"),
    @JsonSubTypes.Type(value = SandboxTask.Split.class, name = "split"),
    @JsonSubTypes.Type(value = SandboxTask.Render.class, name = "render")
})
public sealed interface SandboxTask {

    /** Judge the content (PDF or image) and count the pages. */
    record Inspect(String file, long size) implements SandboxTask {}

    /**
     * Write page ranges of a PDF, known to hold {@code expectedPages}, to new files, in order. At
     * most {@code window} finished parts wait on disk for the service to take them (0: no limit).
     */
    record Split(String file, long size, int expectedPages, List<Part> parts, int window) implements SandboxTask {}

    /** One output of a split: 1-based inclusive page range and the file to write. */
    record Part(int firstPage, int lastPage, String output) {}

    /** Render page {@code page} (1-based) of a PDF, or normalise that page of an image, to a PNG file. */
    record Render(String file, long size, SourceKind kind, int page, int dpi, RenderSettings settings, String output)
            implements SandboxTask {}
}
