package dev.timetracker.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.domain.ConflictException;
import dev.timetracker.domain.DomainException;
import dev.timetracker.domain.ForbiddenException;
import dev.timetracker.domain.NotFoundException;
import dev.timetracker.domain.RetryLaterException;
import dev.timetracker.domain.RuleViolationException;
import dev.timetracker.domain.UnauthenticatedException;
import dev.timetracker.domain.ValidationException;
import dev.timetracker.domain.time.UnreadableClockException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProblemsTest {

    @Test
    void everyKindOfDomainFailureHasItsOwnStatus() throws Exception {
        List<DomainException> oneOfEach = List.of(
                new ValidationException("from", "is required"),
                new UnauthenticatedException("no token"),
                new ForbiddenException("not yours"),
                new NotFoundException("no such employee"),
                new ConflictException("email-taken", "taken"),
                new RuleViolationException("period-locked", "locked"),
                new RetryLaterException(RetryLaterException.Reason.THROTTLED, "slow down", Duration.ofSeconds(3)));
        Map<DomainException.Kind, Integer> statuses = new EnumMap<>(DomainException.Kind.class);
        for (DomainException failure : oneOfEach) {
            ApiResponse response = Problems.of(failure);
            assertEquals(ApiResponse.PROBLEM_JSON, response.headers().get("content-type"));
            JsonNode problem = Json.parse(response.body());
            assertEquals(response.status(), problem.get("status").asInt());
            assertEquals(
                    Problems.TYPE_PREFIX + failure.slug(), problem.get("type").asText());
            statuses.put(failure.kind(), response.status());
        }
        assertEquals(Set.of(DomainException.Kind.values()), statuses.keySet(), "one failure of every kind");
        assertEquals(List.of(400, 401, 403, 404, 409, 422, 429), List.copyOf(statuses.values()));
    }

    @Test
    void aSubtypeKeepsItsParentsKindAndAddsItsMembers() throws Exception {
        ApiResponse response = Problems.of(new UnreadableClockException("emp-1", "journal out of order", 1L, Set.of()));
        assertEquals(409, response.status());
        assertEquals("emp-1", Json.parse(response.body()).get("employee_id").asText());
    }
}
