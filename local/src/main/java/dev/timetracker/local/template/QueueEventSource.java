package dev.timetracker.local.template;

/**
 * An SQS event of a function (SAM {@code Type: SQS}, an AWS::Lambda::EventSourceMapping once deployed): the queue it
 * reads, the largest batch per invocation (SAM's default 10), the most invocations at once
 * ({@code ScalingConfig.MaximumConcurrency}; without it Lambda scales up to the account's limit, here 1000) and
 * whether the function reports partial batch failures ({@code FunctionResponseTypes: [ReportBatchItemFailures]}).
 */
public record QueueEventSource(
        String functionLogicalId,
        String eventId,
        String queueLogicalId,
        int batchSize,
        int maximumConcurrency,
        boolean reportBatchItemFailures) {}
