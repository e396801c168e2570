package dev.docpipe.benchmarks;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options of the scale benchmarks, with defaults; {@code --help} is the caller's. */
final class BenchmarkArgs {

    private final Map<String, String> values = new HashMap<>();

    BenchmarkArgs(String[] args, Map<String, String> defaults) {
        values.putAll(defaults);
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !defaults.containsKey(name)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; options: " + defaults.keySet());
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
            values.put(name, args[++i]);
        }
    }

    int integer(String name) {
        return Integer.parseInt(values.get(name).replace("_", "").replace(",", ""));
    }

    String string(String name) {
        return values.get(name);
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.get(name));
    }
}
