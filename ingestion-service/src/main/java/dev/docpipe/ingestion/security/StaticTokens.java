package dev.docpipe.ingestion.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * The configured static bearer tokens. Tokens are compared by their SHA-256 digests in constant
 * time, so the comparison reveals nothing of a token's prefix.
 */
final class StaticTokens {

    private record Grant(String name, byte[] digest, List<String> authorities) {}

    private final List<Grant> grants = new ArrayList<>();

    void add(String name, String token, String... authorities) {
        if (token.length() < 16) {
            throw new IllegalStateException("the %s must be at least 16 characters".formatted(name));
        }
        grants.add(new Grant(name, digest(token), List.of(authorities)));
    }

    boolean isEmpty() {
        return grants.isEmpty();
    }

    Optional<Authentication> authenticate(String token) {
        byte[] presented = digest(token);
        Grant match = null;
        for (Grant grant : grants) {
            if (MessageDigest.isEqual(grant.digest(), presented)) {
                match = grant;
            }
        }
        return Optional.ofNullable(match).map(g -> UsernamePasswordAuthenticationToken.authenticated(
                g.name(), null, AuthorityUtils.createAuthorityList(g.authorities())));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
