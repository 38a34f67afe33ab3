package dev.timetracker.local.template;

/**
 * An AWS::SQS::Queue of template.yaml, as the local queue emulates it: named after its logical id, with its
 * visibility timeout (SQS's default 30 s when unset) and its redrive policy (dead-letter queue and maxReceiveCount),
 * if any.
 */
public record QueueResource(
        String logicalId, int visibilityTimeoutSeconds, String deadLetterQueue, int maxReceiveCount) {}
