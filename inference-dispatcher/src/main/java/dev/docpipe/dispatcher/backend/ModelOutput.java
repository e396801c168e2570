package dev.docpipe.dispatcher.backend;

import java.time.Duration;

/**
 * What a model returned for a page, kept as is; features are extracted from it by the model's
 * rule, not by the backend, so the same model gives the same features through any backend.
 *
 * @param backend the backend that ran the model
 * @param rawJson the model's response body, a JSON document
 * @param latency the call's duration, the backend's retries included
 */
public record ModelOutput(String backend, String rawJson, Duration latency) implements BackendAnswer {}
