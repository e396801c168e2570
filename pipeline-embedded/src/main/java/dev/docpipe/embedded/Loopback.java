package dev.docpipe.embedded;

import java.net.URI;

/**
 * The address the embedded servers bind to. An IPv4 literal rather than {@code localhost}: where
 * {@code localhost} resolves to {@code ::1} first, a client would try a socket nobody listens on.
 */
final class Loopback {

    static final String ADDRESS = "127.0.0.1";

    private Loopback() {}

    static URI uri(int port) {
        return URI.create("http://" + ADDRESS + ":" + port);
    }
}
