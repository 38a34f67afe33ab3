package dev.timetracker.local.testing;

import java.lang.reflect.AnnotatedElement;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Skips {@link EmulatorOnly} and {@link MotoDeviates} tests in the moto lane, printing why. */
final class AwsLaneCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!AwsLane.onMoto() || context.getElement().isEmpty()) {
            return ConditionEvaluationResult.enabled("lane " + AwsLane.current());
        }
        AnnotatedElement element = context.getElement().get();
        String reason = AnnotationSupport.findAnnotation(element, EmulatorOnly.class)
                .map(only -> "emulator only: " + only.value())
                .or(() -> AnnotationSupport.findAnnotation(element, MotoDeviates.class)
                        .map(deviation ->
                                "moto deviates from AWS: " + deviation.value() + " (AWS: " + deviation.aws() + ")"))
                .orElse(null);
        if (reason == null) {
            return ConditionEvaluationResult.enabled("runs against moto");
        }
        // Surefire's summary shows only a count of skipped tests: the log says which and why.
        System.out.println("[moto lane] skipped " + context.getDisplayName() + ": " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
