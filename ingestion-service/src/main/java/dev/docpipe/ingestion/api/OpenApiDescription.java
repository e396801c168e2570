package dev.docpipe.ingestion.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description the service serves at {@code /v3/api-docs} (and as a browsable page at
 * {@code /swagger-ui.html}), generated from the controllers themselves, so it cannot drift from
 * them; a test compares it with the handler mappings.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDescription {

    static final String BEARER = "bearer";

    @Bean
    OpenAPI docpipeOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("docpipe ingestion API")
                        .version("1")
                        .description("""
                                Start batches over S3 prefixes, watch them, pause, resume or cancel them, read their \
                                documents, reports and audit trail, and operate the dead-letter queues. Every call but \
                                health needs a bearer token: reading needs the read or write scope, anything that \
                                changes state the write scope. Errors are RFC 9457 problems."""))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("A JWT from the configured issuer, or a static API token")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
