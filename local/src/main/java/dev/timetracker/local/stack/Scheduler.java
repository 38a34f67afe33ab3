package dev.timetracker.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.template.FunctionResource;
import dev.timetracker.local.template.Schedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * EventBridge for the local stack: fires each Schedule event of template.yaml at its times (UTC), with the
 * event's Input or a "Scheduled Event" as EventBridge sends it. Supports the expressions the template uses:
 * {@code rate(N minute|minutes|hour|hours|day|days)} and six-field {@code cron(...)} with numbers, lists,
 * ranges, steps, {@code *} and {@code ?}.
 */
public final class Scheduler implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "local-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private final FunctionHost functions;
    private final Consumer<String> log;

    public Scheduler(FunctionHost functions, List<FunctionResource> resources, Consumer<String> log) {
        this.functions = functions;
        this.log = log;
        for (FunctionResource function : resources) {
            for (Schedule schedule : function.schedules()) {
                plan(function.logicalId(), schedule, Instant.now());
            }
        }
    }

    private void plan(String functionId, Schedule schedule, Instant after) {
        Instant next = next(schedule.expression(), after);
        long delay = Math.max(0, Duration.between(Instant.now(), next).toMillis());
        // Nothing waits for the run: fire() reports a failed invocation itself.
        ScheduledFuture<?> unused = timer.schedule(
                () -> {
                    fire(functionId, schedule, next);
                    plan(functionId, schedule, next);
                },
                delay,
                TimeUnit.MILLISECONDS);
    }

    private void fire(String functionId, Schedule schedule, Instant at) {
        try {
            JsonNode result = functions.invoke(functionId, event(schedule, at));
            String text = Json.write(result);
            // The export worker runs every minute; only say something when it did something.
            if (!text.equals("{\"ready\":[],\"failed\":[],\"retrying\":[]}")) {
                log.accept("schedule " + schedule.eventId() + " -> " + functionId + ": " + text);
            }
        } catch (RuntimeException e) {
            log.accept("schedule " + schedule.eventId() + " -> " + functionId + " failed: " + e);
        }
    }

    static JsonNode event(Schedule schedule, Instant at) {
        if (schedule.input() != null) {
            try {
                return Json.parse(schedule.input());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ObjectNode event = Json.object();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", "000000000000");
        event.put("time", at.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", "us-east-1");
        event.putArray("resources").add("arn:aws:events:us-east-1:000000000000:rule/local-" + schedule.eventId());
        event.putObject("detail");
        return event;
    }

    static Instant next(String expression, Instant after) {
        String body = expression
                .substring(expression.indexOf('(') + 1, expression.lastIndexOf(')'))
                .trim();
        if (expression.startsWith("rate")) {
            // body is trimmed, so neither split below has an empty field at an end.
            String[] parts = body.split("\\s+", -1);
            long amount = Long.parseLong(parts[0]);
            ChronoUnit unit = parts[1].startsWith("minute")
                    ? ChronoUnit.MINUTES
                    : parts[1].startsWith("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
            return after.plus(amount, unit);
        }
        String[] fields = body.split("\\s+", -1);
        ZonedDateTime candidate =
                after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        for (int i = 0; i < 60 * 24 * 366; i++, candidate = candidate.plusMinutes(1)) {
            if (matches(fields[0], candidate.getMinute())
                    && matches(fields[1], candidate.getHour())
                    && matches(fields[2], candidate.getDayOfMonth())
                    && matches(fields[3], candidate.getMonthValue())
                    && matches(fields[4], candidate.getDayOfWeek().getValue() % 7 + 1)) {
                return candidate.toInstant();
            }
        }
        throw new IllegalArgumentException("The schedule " + expression + " never fires within a year");
    }

    private static boolean matches(String field, int value) {
        for (String part : field.split(",", -1)) {
            if (part.equals("*") || part.equals("?")) {
                return true;
            }
            int step = 1;
            String range = part;
            if (part.contains("/")) {
                step = Integer.parseInt(part.substring(part.indexOf('/') + 1));
                range = part.substring(0, part.indexOf('/'));
            }
            int low;
            int high;
            if (range.equals("*")) {
                low = 0;
                high = Integer.MAX_VALUE;
            } else if (range.contains("-")) {
                String[] bounds = range.split("-", -1);
                low = Integer.parseInt(bounds[0]);
                high = Integer.parseInt(bounds[1]);
            } else {
                low = Integer.parseInt(range);
                high = part.contains("/") ? Integer.MAX_VALUE : low;
            }
            if (value >= low && value <= high && (value - low) % step == 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
