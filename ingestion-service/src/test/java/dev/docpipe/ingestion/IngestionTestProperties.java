package dev.docpipe.ingestion;

import dev.docpipe.testing.ApiClient;
import dev.docpipe.testing.TestInfrastructure;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every ingestion-service test context is given: the shared embedded servers, the input
 * bucket on the allowlist, and the test's API tokens. A test adds its own after this.
 */
public final class IngestionTestProperties {

    /** The bucket on the allowlist. */
    public static final String INPUT = "docpipe-input";

    private IngestionTestProperties() {}

    public static void register(DynamicPropertyRegistry registry) {
        TestInfrastructure.shared().registerSpringProperties(registry::add);
        registry.add("docpipe.ingestion.allowed-buckets", () -> INPUT);
        ApiClient.registerTokens(registry::add);
    }
}
