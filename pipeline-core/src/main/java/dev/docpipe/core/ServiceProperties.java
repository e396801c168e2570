package dev.docpipe.core;

import dev.docpipe.contracts.Stage;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who this service is: its name in the audit trail and the stage it performs.
 *
 * @param name  the service name, as recorded in every audit event
 * @param stage the stage this service's listener performs
 */
@Validated
@ConfigurationProperties("docpipe.service")
public record ServiceProperties(@NotBlank String name, @NotNull Stage stage) {}
