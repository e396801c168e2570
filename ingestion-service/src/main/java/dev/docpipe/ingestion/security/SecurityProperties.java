package dev.docpipe.ingestion.security;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the API. Every endpoint but health needs a bearer token: a JWT from the
 * configured issuer ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, for example an
 * Amazon Cognito user pool, or {@code jwk-set-uri} / {@code public-key-location}), whose
 * {@code scope} claim grants the read and write scopes, or one of the static tokens below. Reading
 * needs the read or the write scope; anything that changes state (POST) needs the write scope.
 *
 * <p>With neither a JWT issuer nor a static token configured, the service makes up an API token
 * with both scopes at startup and logs it: the local default.
 *
 * @param apiToken      a static token granting read and write (for compose and local runs; keep it
 *     in a secret, for example {@code DOCPIPE_API_TOKEN})
 * @param readOnlyToken a static token granting read only (dashboards, reporting tools)
 * @param readScope     the scope that grants reading
 * @param writeScope    the scope that grants starting, pausing, cancelling and reprocessing
 */
@Validated
@ConfigurationProperties("docpipe.security")
public record SecurityProperties(
        String apiToken,
        String readOnlyToken,
        @DefaultValue("docpipe/read") @NotBlank String readScope,
        @DefaultValue("docpipe/write") @NotBlank String writeScope) {

    public String readAuthority() {
        return "SCOPE_" + readScope;
    }

    public String writeAuthority() {
        return "SCOPE_" + writeScope;
    }
}
