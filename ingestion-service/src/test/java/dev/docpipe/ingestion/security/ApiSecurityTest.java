package dev.docpipe.ingestion.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.docpipe.ingestion.IngestionTestProperties;
import dev.docpipe.testing.ApiClient;
import dev.docpipe.testing.PipelineInfrastructure;
import dev.docpipe.testing.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Who gets in: no token or a wrong one is 401, a token without the write scope cannot change
 * anything (403), health needs no token; JWTs are checked against the issuer's key, their
 * expiry and their scope claim. Every refusal is a problem, with the bearer challenge.
 */
@PipelineInfrastructure
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.config.name=ingestion-service")
class ApiSecurityTest {

    private static final KeyPair ISSUER = rsa();
    private static final KeyPair STRANGER = rsa();
    private static final String BATCH = """
            {"bucket":"docpipe-input","prefixes":["secure/"]}""";

    private final JdbcClient jdbc = JdbcClient.create(TestInfrastructure.shared().dataSource());

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        IngestionTestProperties.register(registry);
        Path key = Files.createTempFile("issuer", ".pem");
        Files.writeString(key, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(ISSUER.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + key);
    }

    @BeforeEach
    void cleanSlate() {
        TestInfrastructure.shared().resetState();
    }

    @Test
    void refusesEveryCallWithoutAValidTokenButHealth() {
        ApiClient anonymous = new ApiClient(port, null);
        ApiClient wrong = new ApiClient(port, "not-a-token-we-know-of-at-all");
        for (ApiClient client : new ApiClient[] {anonymous, wrong}) {
            assertUnauthorized(client.get("/batches"));
            assertUnauthorized(client.get("/batches/" + java.util.UUID.randomUUID() + "/report"));
            assertUnauthorized(client.get("/dead-letters"));
            assertUnauthorized(client.get("/v3/api-docs"));
            assertUnauthorized(client.post("/batches", BATCH));
            assertUnauthorized(client.post("/batches/" + java.util.UUID.randomUUID() + "/cancel"));
        }
        assertThat(anonymous.get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(batches()).isZero();
    }

    @Test
    void aReadOnlyTokenReadsButChangesNothing() {
        ApiClient reader = new ApiClient(port, ApiClient.READ_TOKEN);

        assertThat(reader.get("/batches").statusCode()).isEqualTo(200);
        assertForbidden(reader.post("/batches", BATCH));
        assertForbidden(reader.post("/batches/" + java.util.UUID.randomUUID() + "/pause"));
        assertForbidden(reader.post("/dead-letters/ingest/redrive"));
        assertThat(batches()).isZero();

        assertThat(ApiClient.writer(port).post("/batches", BATCH).statusCode()).isEqualTo(202);
        assertThat(batches()).isOne();
    }

    @Test
    void acceptsAJwtOfTheIssuerWithItsScopesOnly() {
        String writer = jwt(ISSUER, "docpipe/read docpipe/write", Instant.now().plusSeconds(300));
        String reader = jwt(ISSUER, "docpipe/read", Instant.now().plusSeconds(300));
        String expired = jwt(ISSUER, "docpipe/read docpipe/write", Instant.now().minusSeconds(300));
        String forged = jwt(STRANGER, "docpipe/read docpipe/write", Instant.now().plusSeconds(300));

        assertThat(new ApiClient(port, reader).get("/batches").statusCode()).isEqualTo(200);
        assertForbidden(new ApiClient(port, reader).post("/batches", BATCH));
        assertUnauthorized(new ApiClient(port, expired).get("/batches"));
        assertUnauthorized(new ApiClient(port, forged).post("/batches", BATCH));
        assertThat(batches()).isZero();

        assertThat(new ApiClient(port, writer).post("/batches", BATCH).statusCode()).isEqualTo(202);
        assertThat(batches()).isOne();
    }

    private long batches() {
        return jdbc.sql("SELECT count(*) FROM batch").query(Long.class).single();
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("%s %s", response.request().method(), response.uri()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    }

    private static void assertForbidden(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("%s %s", response.request().method(), response.uri()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("insufficient_scope"));
        assertThat(response.body()).contains("\"status\":403");
    }

    private static String jwt(KeyPair key, String scope, Instant expires) {
        RSAKey jwk = new RSAKey.Builder((RSAPublicKey) key.getPublic()).privateKey((RSAPrivateKey) key.getPrivate()).build();
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .subject("analyst")
                .issuedAt(expires.minus(Duration.ofMinutes(10)))
                .expiresAt(expires)
                .claim("scope", scope)
                .build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims)).getTokenValue();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
