package dev.docpipe.migrations;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one-shot job that brings the schema up to date before the services start (an ECS task, a
 * compose service that must exit 0). Boot's Flyway auto-configuration migrates while the context
 * starts; the job then exits with the context's exit code.
 */
@SpringBootApplication
public class MigrationJob {

    public static final String NAME = "db-migrations";

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(run(args)));
    }

    /** Migrates and returns the (finished) context; the caller closes it. */
    public static ConfigurableApplicationContext run(String... args) {
        return new SpringApplicationBuilder(MigrationJob.class)
                .web(WebApplicationType.NONE)
                .properties("spring.config.name=" + NAME)
                .run(args);
    }
}
