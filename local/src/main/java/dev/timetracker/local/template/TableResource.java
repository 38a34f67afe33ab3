package dev.timetracker.local.template;

import java.util.Map;

/** An AWS::DynamoDB::Table; locally its name is its logical id. */
public record TableResource(String logicalId, Map<String, Object> properties) {}
