package dev.docpipe.core;

import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Starts a docpipe service. Every service reads its own {@code <service-name>.yml} rather than
 * {@code application.yml}, because the embedded runner starts every service in one JVM and one
 * classpath, where a shared file name would let one service's settings shadow another's.
 */
public final class PipelineApplication {

    private PipelineApplication() {}

    public static SpringApplicationBuilder builder(Class<?> application, String serviceName) {
        return new SpringApplicationBuilder(application)
                .properties("spring.config.name=" + serviceName, "spring.application.name=" + serviceName);
    }

    public static void run(Class<?> application, String serviceName, String[] args) {
        builder(application, serviceName).run(args);
    }
}
