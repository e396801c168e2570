package dev.docpipe.core.isolation;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sandbox process: send a task, wait for its answer within a bound, or learn how it died.
 *
 * <p>Its pipes are read on platform threads, never virtual ones. A read from a pipe holds the
 * virtual thread's carrier, and on JDK 25 the scheduler's spare carriers retire after 30 s
 * without work: with both stderr readers holding the two carriers of a 2-core machine, the
 * reader of the next answer, started after such a pause, did not run until a pipe had data
 * again, and the task ended TIMEOUT after 60 s although the process had answered at once.
 */
final class SandboxProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxProcess.class);
    private static final int STDERR_TAIL = 20;

    private final Process process;
    private final DataOutputStream to;
    private final DataInputStream from;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stderrDrainer;
    private int tasks;

    private SandboxProcess(Process process) {
        this.process = process;
        this.to = new DataOutputStream(process.getOutputStream());
        this.from = new DataInputStream(process.getInputStream());
        this.stderrDrainer = Thread.ofPlatform().daemon().name("sandbox-stderr-" + process.pid()).start(this::drainStderr);
    }

    /**
     * Starts a process and waits until it says it is ready.
     *
     * @throws SandboxStartException it exited, broke the protocol or stayed silent instead: the
     *     command line is at fault (a bad {@code jvm-options} entry, say), not any document
     */
    static SandboxProcess start(List<String> command, Duration startTimeout) throws IOException {
        SandboxProcess sandbox = new SandboxProcess(new ProcessBuilder(command).start());
        byte[] first;
        try {
            first = sandbox.await(startTimeout);
        } catch (TimeoutException e) {
            sandbox.close();
            throw new SandboxStartException("it did not say it was ready within " + startTimeout + sandbox.stderrTail());
        } catch (SandboxDiedException e) {
            throw new SandboxStartException(e.exitCode < 0
                    ? "its stdout, the protocol's channel, carried something other than frames (a JVM option that prints there?)" + sandbox.stderrTail()
                    : "it exited with code " + e.exitCode + " before it was ready" + sandbox.stderrTail());
        }
        if (!Arrays.equals(first, SandboxWorker.READY.getBytes(StandardCharsets.UTF_8))) {
            sandbox.close();
            throw new SandboxStartException("its first frame was not the ready frame" + sandbox.stderrTail());
        }
        return sandbox;
    }

    /** What the process last wrote on stderr, all of it once it has ended. */
    private String stderrTail() {
        if (!process.isAlive()) {
            try {
                stderrDrainer.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (stderrTail) {
            return stderrTail.isEmpty() ? "" : "; its stderr: " + String.join(" | ", stderrTail);
        }
    }

    /**
     * @return the answer frame
     * @throws TimeoutException     the task ran past its bound; the caller must kill this process
     * @throws SandboxDiedException the process ended before answering
     */
    byte[] execute(byte[] task, Duration timeout) throws TimeoutException, SandboxDiedException, IOException {
        tasks++;
        try {
            Frames.write(to, task);
        } catch (IOException e) {
            throw died();
        }
        return await(timeout);
    }

    int tasks() {
        return tasks;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private byte[] await(Duration timeout) throws TimeoutException, SandboxDiedException, IOException {
        CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(this::readFrame,
                r -> Thread.ofPlatform().daemon().name("sandbox-answer-" + process.pid()).start(r));
        try {
            byte[] frame = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw died();
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while waiting for the sandbox", e);
        } catch (ExecutionException e) {
            throw died();
        }
    }

    private byte[] readFrame() {
        try {
            return Frames.read(from);
        } catch (IOException e) {
            return null;
        }
    }

    private SandboxDiedException died() {
        boolean stoppedHere = false;
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                // Alive but its answers unreadable: stopped here, so its SIGKILL exit code (137)
                // must not read as the kernel's OOM killer.
                stoppedHere = true;
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int exit = stoppedHere || process.isAlive() ? -1 : process.exitValue();
        synchronized (stderrTail) {
            return new SandboxDiedException(exit, String.join(" | ", stderrTail));
        }
    }

    private void drainStderr() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                log.debug("sandbox {}: {}", process.pid(), line);
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_TAIL) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line.length() > 300 ? line.substring(0, 300) : line);
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A sandbox process that could not be started: the service's configuration or machine is at fault. */
    static final class SandboxStartException extends IOException {
        SandboxStartException(String why) {
            super("a sandbox process could not be started: " + why);
        }
    }

    /** The process ended before it answered: its exit code tells why. */
    static final class SandboxDiedException extends Exception {
        final int exitCode;

        SandboxDiedException(int exitCode, String stderrTail) {
            super("sandbox process exited with code " + exitCode + (stderrTail.isEmpty() ? "" : ": " + stderrTail));
            this.exitCode = exitCode;
        }
    }
}
