package dev.docpipe.dispatcher.infer;

import java.time.Duration;

/**
 * What a model returned for a page: the raw output, kept as is, and the features reports group by.
 *
 * @param rawJson  the model's response body
 * @param features a JSON object of extracted features
 */
record ModelOutput(String backend, String rawJson, String features, Duration latency) {}
