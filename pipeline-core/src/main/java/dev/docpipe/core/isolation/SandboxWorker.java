package dev.docpipe.core.isolation;

import dev.docpipe.core.document.DocumentLimits;
import dev.docpipe.core.document.PageRasterizer;
import dev.docpipe.core.document.RenderLimits;
import dev.docpipe.core.document.SafePdfOpener;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * The main class of a sandbox process: reads tasks from stdin, one at a time, and answers on
 * stdout. It has its own heap cap and exits on OutOfMemoryError, so a hostile file costs this
 * process, never the service. Anything the libraries print goes to stderr, which the service
 * drains.
 */
public final class SandboxWorker {

    static final String READY = "{\"ready\":true}";

    private SandboxWorker() {}

    public static void main(String[] args) throws IOException {
        // The protocol owns stdout; every log line and stray print goes to stderr.
        FileOutputStream protocol = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        // A child stuck in a hostile file never reads stdin again: it must not outlive its service.
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));
        DocumentOperations operations = operationsFromSystemProperties();
        JsonMapper json = JsonMapper.builder().build();
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(protocol));
        Frames.write(out, READY.getBytes());
        for (byte[] frame = Frames.read(in); frame != null; frame = Frames.read(in)) {
            SandboxTask task = json.readValue(frame, SandboxTask.class);
            Frames.write(out, json.writeValueAsBytes(operations.run(task).withRetainedHeap(retainedHeap())));
        }
    }

    /**
     * The heap still in use after each space's last collection: what the process keeps from task
     * to task. A page's pixels die young; what survives is caches and leaks.
     */
    static long retainedHeap() {
        long retained = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterCollection = pool.getCollectionUsage();
            if (pool.getType() == MemoryType.HEAP && afterCollection != null) {
                retained += afterCollection.getUsed();
            }
        }
        return retained;
    }

    private static DocumentOperations operationsFromSystemProperties() {
        SafePdfOpener opener = new SafePdfOpener(new DocumentLimits(
                DataSize.ofBytes(Long.getLong(SandboxCommand.MAX_SIZE, Long.MAX_VALUE)),
                Integer.getInteger(SandboxCommand.MAX_PAGES, 100_000)));
        RenderLimits render = new RenderLimits(
                Integer.getInteger(SandboxCommand.MAX_PIXELS, 10_000), Integer.getInteger(SandboxCommand.MIN_DPI, 36));
        return new DocumentOperations(opener, new PageRasterizer(opener, render), Boolean.getBoolean(SandboxCommand.TEST_HOOKS));
    }
}
