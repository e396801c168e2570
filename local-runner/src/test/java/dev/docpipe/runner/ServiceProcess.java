package dev.docpipe.runner;

import dev.docpipe.testing.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One docpipe service as its own JVM, as ECS runs it: started from this JVM's classpath with the
 * given settings, killed without warning (SIGKILL, as kill -9 or an instance loss) and started
 * again. Its output goes to a log file of its own, appended across restarts.
 */
final class ServiceProcess {

    private final String name;
    private final Class<?> application;
    private final Map<String, String> properties;
    private final Path log;
    private Process process;
    private int starts;

    ServiceProcess(String name, Class<?> application, Map<String, String> properties, Path logDirectory) {
        this.name = name;
        this.application = application;
        this.properties = Map.copyOf(properties);
        this.log = logDirectory.resolve(name + ".log");
    }

    String name() {
        return name;
    }

    int starts() {
        return starts;
    }

    synchronized void start() {
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        List<String> command = ChildJvm.command(application, List.of("-Xmx384m", "-XX:+UseSerialGC", "-Djava.awt.headless=true"), args);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            starts++;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** SIGKILL: no shutdown hook, no graceful stop, in-flight messages simply stop being extended. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
            process = null;
        }
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** A graceful stop at the end (SIGTERM). */
    synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }
}
