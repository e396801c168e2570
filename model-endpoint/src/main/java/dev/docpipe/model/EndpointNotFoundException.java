package dev.docpipe.model;

/** The request named an endpoint this server does not serve: a configuration mistake, never retried. */
class EndpointNotFoundException extends RuntimeException {

    EndpointNotFoundException(String endpointName) {
        super("Endpoint " + endpointName + " not found.");
    }
}
