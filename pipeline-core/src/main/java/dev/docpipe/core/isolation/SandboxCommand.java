package dev.docpipe.core.isolation;

import dev.docpipe.core.document.DocumentLimits;
import dev.docpipe.core.document.RenderLimits;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * The command line of a sandbox process: this JVM's java and classpath, a heap cap, exit on
 * OutOfMemoryError, and the limits as system properties. From a Spring Boot executable jar the
 * process starts through Boot's launcher, so the same jar serves both.
 */
final class SandboxCommand {

    static final String MAX_SIZE = "docpipe.sandbox.max-size";
    static final String MAX_PAGES = "docpipe.sandbox.max-pages";
    static final String MAX_PIXELS = "docpipe.sandbox.max-pixels";
    static final String MIN_DPI = "docpipe.sandbox.min-dpi";
    static final String TEST_HOOKS = "docpipe.sandbox.test-hooks";

    /** The exit code of a JVM that ran out of heap with -XX:+ExitOnOutOfMemoryError. */
    static final int OOM_EXIT = 3;

    private SandboxCommand() {}

    static List<String> build(SandboxProperties sandbox, DocumentLimits limits, RenderLimits render, Path tempDirectory) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + sandbox.heap().toMegabytes() + "m");
        command.add("-XX:+ExitOnOutOfMemoryError");
        // One task at a time on a small heap: the serial collector starts fastest and wastes least.
        command.add("-XX:+UseSerialGC");
        // Both JIT compilers, as by default: a process lives 20,000 tasks, and C2's code renders a
        // page in about a fifth less CPU than C1's once warm. Over the render corpus (253 single
        // pages a pass, one process on one core), passes 1 to 3 took 65, 39 and 23 ms a page with
        // C2 and 41, 30 and 25 with C1; from pass 4 on, 16-17.5 ms with C2 and 20-28 with C1. The
        // warm-up's 20 s of CPU is a millisecond a page over a process's life. Where processes
        // live short, "-XX:TieredStopAtLevel=1" in jvm-options keeps C1 alone.
        command.add("-Djava.awt.headless=true");
        command.add("-Djava.io.tmpdir=" + tempDirectory);
        command.add("-D" + MAX_SIZE + "=" + limits.maxSize().toBytes());
        command.add("-D" + MAX_PAGES + "=" + limits.maxPages());
        command.add("-D" + MAX_PIXELS + "=" + render.maxPixelsPerSide());
        command.add("-D" + MIN_DPI + "=" + render.minDpi());
        command.add("-D" + TEST_HOOKS + "=" + sandbox.testHooks());
        // The protocol owns stdout, and the JVM's own log writes there by default (its warnings,
        // JFR's "Started recording"): a stray line there breaks the next frame and the process.
        command.add("-Xlog:disable");
        command.add("-Xlog:all=warning:stderr");
        command.addAll(sandbox.jvmOptions());
        String classpath = System.getProperty("java.class.path");
        command.add("-cp");
        command.add(classpath);
        if (isBootJar(classpath)) {
            command.add("-Dloader.main=" + SandboxWorker.class.getName());
            command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        } else {
            command.add(SandboxWorker.class.getName());
        }
        return command;
    }

    private static boolean isBootJar(String classpath) {
        if (classpath.contains(File.pathSeparator) || !classpath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classpath)) {
            return jar.getEntry("BOOT-INF/") != null;
        } catch (IOException e) {
            return false;
        }
    }
}
