package dev.timetracker.local.template;

import java.util.List;
import java.util.Map;

/**
 * An AWS::Serverless::Function, with the Globals applied. {@code policies} is its {@code Policies} property as
 * written (a list of policy documents, intrinsics in their long form); see {@code iam.TemplatePolicies}.
 */
public record FunctionResource(
        String logicalId,
        String handlerClass,
        String codeUri,
        Map<String, Object> environment,
        List<HttpRoute> routes,
        List<Schedule> schedules,
        int memoryMb,
        int timeoutSeconds,
        List<Object> policies) {}
