package dev.docpipe.core.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docpipe.core.document.DocumentLimits;
import dev.docpipe.core.document.RenderLimits;
import dev.docpipe.testing.ChildJvm;
import dev.docpipe.testing.TestDocuments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * A sandbox left idle for longer than the virtual-thread scheduler keeps spare carriers (30 s)
 * still answers its next task at once. Before, on JDK 25, the next inspection ended TIMEOUT: the
 * threads reading the processes' stderr held every carrier, and the reader of the answer never
 * ran (the benchmark's "60 s inspection timeouts with 2 sandbox processes" on 2 cores). The
 * service runs in a child JVM whose scheduler has one carrier per sandbox process, as on the
 * 2-core machines, so the test does not depend on this machine's cores.
 */
class SandboxAfterIdleTest {

    private static final int IDLE_SECONDS = 45;

    @TempDir
    Path dir;

    @Test
    void answersAtOnceAfterAnIdlePeriodLongerThanTheSchedulersKeepAlive() throws Exception {
        Path pdf = Files.write(dir.resolve("two.pdf"), TestDocuments.pdf(2));
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(ChildJvm.command(IdleService.class,
                List.of("-Djdk.virtualThreadScheduler.parallelism=1", "-Xmx256m"),
                List.of(pdf.toString(), dir.toString(), Integer.toString(IDLE_SECONDS))))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();

        boolean ended = child.waitFor(IDLE_SECONDS + 60, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly();
        }

        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as(output).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("after idle: 2 pages");
    }

    /** A service with one sandbox process: inspects, waits, inspects again within a 10 s bound. */
    static final class IdleService {
        public static void main(String[] args) throws Exception {
            Path pdf = Path.of(args[0]);
            Duration bound = Duration.ofSeconds(10);
            SandboxProperties properties = new SandboxProperties(true, 1, DataSize.ofMegabytes(128), 100, bound, bound,
                    Duration.ofSeconds(1), bound, List.of(), false, false);
            DocumentSandbox sandbox = DocumentSandbox.create(properties, new DocumentLimits(DataSize.ofMegabytes(10), 100),
                    new RenderLimits(10_000, 36), Path.of(args[1]));
            int status = 1;
            try {
                System.out.println("before idle: " + pages(sandbox, pdf) + " pages");
                Thread.sleep(Duration.ofSeconds(Integer.parseInt(args[2])));
                System.out.println("after idle: " + pages(sandbox, pdf) + " pages");
                status = 0;
            } catch (RuntimeException e) {
                System.out.println("failed: " + e);
            } finally {
                sandbox.destroy();
            }
            System.exit(status);
        }

        private static int pages(DocumentSandbox sandbox, Path pdf) throws IOException {
            return sandbox.inspect(pdf, Files.size(pdf)).pages();
        }
    }
}
