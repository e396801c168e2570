package dev.docpipe.embedded;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a postmaster left running on a data directory by a JVM that was killed before it could
 * stop it. Without this, the next start on that directory fails with "another server might be
 * running", and the orphan keeps its port and memory until the machine reboots.
 */
final class OrphanedPostmaster {

    private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);

    /** zonky's lock file: held by the JVM that runs the server, released when that JVM dies. */
    private static final String LOCK_FILE = "epg-lock";

    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(15);

    private OrphanedPostmaster() {}

    static void stopIfAny(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Path lockFile = dataDirectory.resolve(LOCK_FILE);
        try (RandomAccessFile file = new RandomAccessFile(lockFile.toFile(), "rw");
                FileLock lock = file.getChannel().tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("Another process runs PostgreSQL on " + dataDirectory);
            }
            // Nobody holds the lock, so a live postmaster here belongs to a dead JVM.
            postmaster(pidFile).ifPresent(OrphanedPostmaster::stop);
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("This JVM already runs PostgreSQL on " + dataDirectory, e);
        }
    }

    private static Optional<ProcessHandle> postmaster(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.getFirst().trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // The pid may have been reused by an unrelated process since: only stop a postgres.
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    }

    private static void stop(ProcessHandle postmaster) {
        log.warn("Stopping PostgreSQL (pid {}) left running by an earlier run", postmaster.pid());
        // SIGTERM is PostgreSQL's "smart" shutdown: its clients died with their JVM, so it is quick.
        postmaster.destroy();
        try {
            postmaster.onExit().get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            postmaster.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not stop orphaned postmaster " + postmaster.pid(), e);
        }
    }
}
