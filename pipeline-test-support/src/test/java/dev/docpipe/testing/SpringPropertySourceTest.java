package dev.docpipe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The recipe other modules follow: Spring Boot's own DataSource, configured from the shared infrastructure. */
@PipelineInfrastructure
@SpringBootTest
class SpringPropertySourceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.shared().registerSpringProperties(registry::add);
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void bootConnectsToTheMigratedDocpipeDatabase() {
        assertThat(jdbc.queryForObject("select current_database()", String.class)).isEqualTo("docpipe");
        assertThat(jdbc.queryForObject("select count(*) from batch", Long.class)).isNotNull();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {}
}
