package dev.docpipe.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM on this JVM's classpath: for tests that need a real process to
 * kill (a worker's SIGKILL, a crash after a side effect), which a context in this JVM cannot give.
 */
public final class ChildJvm {

    private ChildJvm() {}

    /**
     * @param main       the class whose {@code main} runs
     * @param jvmOptions options for the JVM (heap, system properties)
     * @param args       the program's arguments
     */
    public static List<String> command(Class<?> main, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        return command;
    }
}
