package dev.docpipe.embedded;

import dev.docpipe.contracts.PipelineQueue;

/**
 * One queue of the topology as it exists on a server.
 *
 * @param queue   the topology entry
 * @param name    the physical name of the source queue
 * @param url     the source queue's URL
 * @param dlqName the physical name of its dead-letter queue
 * @param dlqUrl  the dead-letter queue's URL
 * @param dlqArn  the dead-letter queue's ARN, as the source queue's redrive policy names it
 */
public record InstalledQueue(PipelineQueue queue, String name, String url, String dlqName, String dlqUrl,
        String dlqArn) {}
