package dev.docpipe.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far by this JVM and by its child processes (the sandbox processes: the live
 * ones, and those that ended and were waited for). Linux only (/proc); elsewhere the children's
 * figure is zero.
 */
record ProcessCpu(long ownNanos, long childrenNanos) {

    /** Linux's USER_HZ: /proc counts CPU time in ticks of 10 ms. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    static ProcessCpu now() {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long children = ProcessHandle.current().children().mapToLong(child -> ticks(child.pid(), 11)).sum()
                + ticks(ProcessHandle.current().pid(), 13);
        return new ProcessCpu(os.getProcessCpuTime(), children * NANOS_PER_TICK);
    }

    ProcessCpu minus(ProcessCpu before) {
        return new ProcessCpu(ownNanos - before.ownNanos, childrenNanos - before.childrenNanos);
    }

    ProcessCpu plus(ProcessCpu other) {
        return new ProcessCpu(ownNanos + other.ownNanos, childrenNanos + other.childrenNanos);
    }

    /** Two consecutive fields of /proc/PID/stat after the command, from {@code field} (utime+stime at 11, cutime+cstime at 13). */
    private static long ticks(long pid, int field) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[field]) + Long.parseLong(f[field + 1]);
        } catch (IOException | RuntimeException e) {
            return 0; // not Linux, or the process ended meanwhile
        }
    }
}
