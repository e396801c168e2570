package dev.docpipe.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class the JVM's shared PostgreSQL (schema migrated), SQS API (queue topology
 * installed) and S3 API (work and input buckets created), and stops them when the test run ends.
 *
 * <p>Test methods and constructors may take a {@link TestInfrastructure} parameter. Spring tests
 * pass its properties on with {@code @DynamicPropertySource}:
 *
 * <pre>{@code
 * @PipelineInfrastructure
 * @SpringBootTest
 * class SomeTest {
 *     @DynamicPropertySource
 *     static void infrastructure(DynamicPropertyRegistry registry) {
 *         TestInfrastructure.shared().registerSpringProperties(registry::add);
 *     }
 * }
 * }</pre>
 *
 * <p>Put it on every class that uses {@link TestInfrastructure#shared()}: it is what stops the
 * servers at the end of the run.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(PipelineInfrastructureExtension.class)
public @interface PipelineInfrastructure {}
