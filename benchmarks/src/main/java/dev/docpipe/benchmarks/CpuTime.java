package dev.docpipe.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM, by the PostgreSQL server under the benchmark's work directory
 * (postmaster and backends), and by the whole machine, which the benchmark shares with whatever
 * else runs there. Linux only (/proc); elsewhere the database and machine figures are zero.
 */
record CpuTime(long jvmNanos, long postgresNanos, long machineBusyNanos) {

    /** Linux's USER_HZ: /proc counts CPU time in ticks of 10 ms. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    static CpuTime now(String postgresDataDirectory) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new CpuTime(os.getProcessCpuTime(), postgresTicks(postgresDataDirectory) * NANOS_PER_TICK,
                machineBusyTicks() * NANOS_PER_TICK);
    }

    CpuTime minus(CpuTime before) {
        return new CpuTime(jvmNanos - before.jvmNanos, postgresNanos - before.postgresNanos, machineBusyNanos - before.machineBusyNanos);
    }

    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle and iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The postmaster (its reaped children included) and its live children. */
    private static long postgresTicks(String dataDirectory) {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            long[] postmaster = {-1};
            var stats = processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(p -> {
                        try {
                            String cmdline = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                            String stat = Files.readString(p.resolve("stat"));
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            if (cmdline.contains(dataDirectory)) {
                                postmaster[0] = Long.parseLong(p.getFileName().toString());
                            }
                            // fields after the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
                            return new long[] {Long.parseLong(p.getFileName().toString()), Long.parseLong(f[1]),
                                Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
                        } catch (IOException | RuntimeException e) {
                            return null; // a process that ended meanwhile
                        }
                    })
                    .filter(s -> s != null)
                    .toList();
            return stats.stream()
                    .mapToLong(s -> s[0] == postmaster[0] ? s[2] + s[3] : s[1] == postmaster[0] ? s[2] : 0)
                    .sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
