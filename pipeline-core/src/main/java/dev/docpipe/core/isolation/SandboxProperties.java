package dev.docpipe.core.isolation;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Isolation of untrusted documents in sandbox processes.
 *
 * @param enabled           off only to measure the cost of isolation, or where processes cannot be forked
 * @param processes         sandbox processes per service: as many as the documents it works on at once
 * @param heap              each process's heap cap; a document that needs more ends OUT_OF_MEMORY
 * @param tasksPerProcess   a process is replaced after this many tasks, to bound leaks outside its heap
 *                          (within it, a process is replaced once a full collection leaves half its heap in use)
 * @param inspectTimeout    the longest an inspection (open, count pages) may take
 * @param splitTimeout      the base bound of a split ...
 * @param splitTimePerPage  ... plus this much per page
 * @param renderTimeout     the longest one page may take to render
 * @param jvmOptions        extra options for the sandbox JVMs; the JVM's own log goes to stderr, so an
 *                          {@code -Xlog} option of one's own must name stderr or a file as its output
 * @param testHooks         let marker files hang or exhaust memory, for tests of the watchdog only
 * @param warmUp            start the processes with the service rather than with its first document
 */
@Validated
@ConfigurationProperties("docpipe.sandbox")
public record SandboxProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2") @Min(1) int processes,
        @DefaultValue("512MB") DataSize heap,
        @DefaultValue(SandboxProperties.TASKS_PER_PROCESS) @Min(1) int tasksPerProcess,
        @DefaultValue("60s") Duration inspectTimeout,
        @DefaultValue("30s") Duration splitTimeout,
        @DefaultValue("1s") Duration splitTimePerPage,
        @DefaultValue("60s") Duration renderTimeout,
        @DefaultValue List<String> jvmOptions,
        @DefaultValue("false") boolean testHooks,
        @DefaultValue("false") boolean warmUp) {

    /**
     * A process's life, by default: long enough that its JIT warm-up (about 20 s of CPU) is a
     * millisecond a page over it, while memory it keeps is bounded by the recycling on heap.
     */
    public static final String TASKS_PER_PROCESS = "20000";

    Duration splitTimeoutFor(int pages) {
        return splitTimeout.plus(splitTimePerPage.multipliedBy(pages));
    }
}
