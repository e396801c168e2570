package dev.docpipe.testing;

import java.util.Locale;

/** What {@code docpipe.test.infra} asks for. */
enum BackendChoice {
    EMBEDDED,
    TESTCONTAINERS,
    /** Testcontainers where a Docker engine answers, the embedded servers elsewhere. */
    AUTO;

    static final String PROPERTY = "docpipe.test.infra";

    static BackendChoice fromEnvironment() {
        String value = System.getProperty(PROPERTY);
        if (value == null) {
            value = System.getenv("DOCPIPE_TEST_INFRA");
        }
        return parse(value);
    }

    static BackendChoice parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    PROPERTY + " must be embedded, testcontainers or auto, not '" + value + "'", e);
        }
    }
}
