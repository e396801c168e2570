package dev.docpipe.ingestion.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's security: stateless bearer tokens (a JWT or a static token, see
 * {@link SecurityProperties}), read scope for reading, write scope for every change, and
 * problem+json answers for 401 and 403 next to the {@code WWW-Authenticate} header. Only health
 * (for load balancers and orchestrators) and the dashboard's static files, which hold no data,
 * need no token; the dashboard sends the user's token with every call it makes.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(SecurityProperties.class)
class ApiSecurity {

    private static final Logger log = LoggerFactory.getLogger(ApiSecurity.class);

    @Bean
    SecurityFilterChain apiFilterChain(HttpSecurity http, SecurityProperties properties, ObjectProvider<JwtDecoder> jwt,
            JsonMapper json) {
        AuthenticationManager tokens = tokenAuthentication(properties, jwt.getIfAvailable());
        BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll()
                        .requestMatchers(HttpMethod.GET, "/", "/dashboard", "/dashboard/**", "/webjars/**", "/favicon.ico").permitAll()
                        .requestMatchers(HttpMethod.GET, "/**").hasAnyAuthority(properties.readAuthority(), properties.writeAuthority())
                        .requestMatchers(HttpMethod.HEAD, "/**").hasAnyAuthority(properties.readAuthority(), properties.writeAuthority())
                        .anyRequest().hasAuthority(properties.writeAuthority()))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(request -> tokens)
                        .authenticationEntryPoint((request, response, e) -> {
                            challenge.commence(request, response, e);
                            problem(response, json, HttpStatus.UNAUTHORIZED, "a valid bearer token is required");
                        })
                        .accessDeniedHandler((request, response, e) -> {
                            // RFC 6750's challenge for every token kind, static ones included.
                            response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                                    "Bearer error=\"insufficient_scope\", error_description=\"The request requires higher privileges than provided by the access token.\"");
                            problem(response, json, HttpStatus.FORBIDDEN, "the token lacks the scope this request needs");
                        }));
        return http.build();
    }

    /** Static tokens first (a digest comparison), then the JWT issuer if one is configured. */
    private static AuthenticationManager tokenAuthentication(SecurityProperties properties, JwtDecoder jwtDecoder) {
        StaticTokens tokens = new StaticTokens();
        if (properties.apiToken() != null && !properties.apiToken().isBlank()) {
            tokens.add("api-token", properties.apiToken(), properties.readAuthority(), properties.writeAuthority());
        }
        if (properties.readOnlyToken() != null && !properties.readOnlyToken().isBlank()) {
            tokens.add("read-only-token", properties.readOnlyToken(), properties.readAuthority());
        }
        if (tokens.isEmpty() && jwtDecoder == null) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String generated = HexFormat.of().formatHex(random);
            tokens.add("generated-api-token", generated, properties.readAuthority(), properties.writeAuthority());
            log.warn("No JWT issuer and no docpipe.security.api-token configured: this run's API token is {}", generated);
        }
        JwtAuthenticationProvider jwtProvider = jwtDecoder == null ? null : new JwtAuthenticationProvider(jwtDecoder);
        return authentication -> {
            String token = ((BearerTokenAuthenticationToken) authentication).getToken();
            var fixed = tokens.authenticate(token);
            if (fixed.isPresent()) {
                return fixed.get();
            }
            if (jwtProvider != null) {
                return jwtProvider.authenticate(authentication);
            }
            throw new InvalidBearerTokenException("unknown bearer token");
        };
    }

    private static void problem(HttpServletResponse response, JsonMapper json, HttpStatus status, String detail) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write(json.writeValueAsString(problem));
    }
}
