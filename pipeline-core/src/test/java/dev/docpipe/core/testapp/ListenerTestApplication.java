package dev.docpipe.core.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A minimal docpipe service for testing the shared listener machinery. */
@SpringBootApplication
public class ListenerTestApplication {}
