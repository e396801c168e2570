package dev.docpipe.core.testapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A minimal docpipe service for testing the shared listener machinery. */
@SpringBootApplication
public class ListenerTestApplication {

    /** For a worker in a child process, with the same arguments a test context gets. */
    public static void main(String[] args) {
        SpringApplication.run(ListenerTestApplication.class, args);
    }
}
