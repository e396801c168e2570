package dev.docpipe.migrations;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The one-shot job that brings the schema up to date before the services start (an ECS task,
 * a compose service that must exit 0). Boot's Flyway auto-configuration migrates on start; the
 * job then exits.
 */
@SpringBootApplication
public class MigrationJob {

    public static void main(String[] args) {
        System.exit(org.springframework.boot.SpringApplication.exit(new SpringApplicationBuilder(MigrationJob.class)
                .web(WebApplicationType.NONE)
                .properties("spring.config.name=db-migrations")
                .run(args)));
    }
}
