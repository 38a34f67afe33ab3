package dev.timetracker.local.reports;

import static dev.timetracker.local.reports.Dataset.breakEnd;
import static dev.timetracker.local.reports.Dataset.breakStart;
import static dev.timetracker.local.reports.Dataset.in;
import static dev.timetracker.local.reports.Dataset.out;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.local.testing.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The hand-computed week 2026-03-23 (Mon) .. 2026-03-29 (Sun), under {@link Dataset#standardHours()}. Offsets that
 * week: Berlin CET (UTC+1) until Sun 2026-03-29 01:00Z, then CEST (UTC+2); New York EDT (UTC-4, since 8 March);
 * Tokyo JST (UTC+9). Every figure below is seconds between instants.
 *
 * <pre>
 * Anna Berger (Berlin)
 *   Mon 23  in 08:58 (07:58Z), break 12:00-12:30, out 17:10 (16:10Z): span 8h12m = 29520, break 1800, worked 27720
 *   Tue 24  in 09:03 (inside the 5' grace: not late), out 15:30 (14:30Z): worked 6h27m = 23220;
 *           early leave 15:30 &lt; 16:55 → counted to 17:00 = 5400
 *   Wed 25  in 07:30 (06:30Z), break 12:00-12:30, out 17:15 (16:15Z): span 9h45m = 35100, worked 33300,
 *           overtime 33300 - 28800 = 4500
 *   Sun 29  in 01:00 CET (00:00Z), out 05:00 CEST (03:00Z): the clocks jump 02:00→03:00, so 3 h = 10800;
 *           Sunday is no work day: no late, no early leave
 * Bob Carter (New York)
 *   Wed 25  in 09:20 (13:20Z), out 17:00 (21:00Z): worked 7h40m = 27600, late 20' = 1200
 *   Fri 27  overnight: in 21:00 (Sat 01:00Z), break 01:00-01:30 (05:00Z-05:30Z), out 05:00 Sat (09:00Z): belongs
 *           to Friday (its punch_in); span 8 h = 28800, break 1800, worked 27000; late from 09:00 = 12 h = 43200;
 *           the last punch_out (Sat 05:00) is after Friday's 17:00: no early leave
 * Chie Tanaka (Tokyo)
 *   Tue 24  in 08:55 (Mon 23:55Z!), out 17:05 (08:05Z): worked 8h10m = 29400, overtime 600
 *   Thu 26  late arrival 09:30 (00:30Z) = 1800, break 12:00-12:45 (03:00Z-03:45Z), no punch_out: closed
 *           automatically at punch_in + 10 h = 10:30Z (19:30 JST): span 36000, break 2700, worked 33300,
 *           overtime 4500, status auto_closed, flag missing_punch_out, no early leave (not the employee's choice)
 * Finn Olsen (Berlin, inactive since)
 *   Mon 23  in 10:00 (09:00Z), out 14:00 (13:00Z): worked 14400, late 3600, early leave 10800
 * Greta Weber (Berlin): working now (punch_in 2 h ago, real time)
 * Hans Vogel (Berlin): on a break now (punch_in 3 h ago, break_start 30' ago)
 * </pre>
 */
final class Week {
    static final String ANNA = "emp-a-berlin";
    static final String BOB = "emp-b-newyork";
    static final String CHIE = "emp-c-tokyo";
    static final String FINN = "emp-f-inactive";
    static final String GRETA = "emp-g-working";
    static final String HANS = "emp-h-onbreak";
    /** The week has ended everywhere (2026-03-29 ends in UTC-12 at 2026-03-30T12:00Z). */
    static final Instant AFTER_WEEK = Instant.parse("2026-03-30T13:00:00Z");

    private Week() {}

    static void seed(Dataset data, Instant realNow) {
        data.standardHours()
                .employee(ANNA, "Anna", "Berger", "B-001", "Engineering", "Europe/Berlin", true)
                .employee(BOB, "Bob", "Carter", "N-002", "Support", "America/New_York", true)
                .employee(CHIE, "Chie", "Tanaka", "T-003", "Sales", "Asia/Tokyo", true)
                .employee(FINN, "Finn", "Olsen", "B-004", "Engineering", "Europe/Berlin", false)
                .employee(GRETA, "Greta", "Weber", "B-005", "Engineering", "Europe/Berlin", true)
                .employee(HANS, "Hans", "Vogel", "N-006", "Support", "Europe/Berlin", true);
        data.journal(
                ANNA,
                List.of(
                        in("2026-03-23T07:58:00Z"),
                        breakStart("2026-03-23T11:00:00Z"),
                        breakEnd("2026-03-23T11:30:00Z"),
                        out("2026-03-23T16:10:00Z"),
                        in("2026-03-24T08:03:00Z"),
                        out("2026-03-24T14:30:00Z"),
                        in("2026-03-25T06:30:00Z"),
                        breakStart("2026-03-25T11:00:00Z"),
                        breakEnd("2026-03-25T11:30:00Z"),
                        out("2026-03-25T16:15:00Z"),
                        in("2026-03-29T00:00:00Z"),
                        out("2026-03-29T03:00:00Z")));
        data.journal(
                BOB,
                List.of(
                        in("2026-03-25T13:20:00Z"),
                        out("2026-03-25T21:00:00Z"),
                        in("2026-03-28T01:00:00Z"),
                        breakStart("2026-03-28T05:00:00Z"),
                        breakEnd("2026-03-28T05:30:00Z"),
                        out("2026-03-28T09:00:00Z")));
        data.journal(
                CHIE,
                List.of(
                        in("2026-03-23T23:55:00Z"),
                        out("2026-03-24T08:05:00Z"),
                        in("2026-03-26T00:30:00Z"),
                        breakStart("2026-03-26T03:00:00Z"),
                        breakEnd("2026-03-26T03:45:00Z")));
        data.journal(FINN, List.of(in("2026-03-23T09:00:00Z"), out("2026-03-23T13:00:00Z")));
        Instant now = realNow.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        data.journal(GRETA, List.of(new Dataset.Punch("punch_in", now.minus(Duration.ofHours(2)))));
        data.journal(
                HANS,
                List.of(
                        new Dataset.Punch("punch_in", now.minus(Duration.ofHours(3))),
                        new Dataset.Punch("break_start", now.minus(Duration.ofMinutes(30)))));
        // The week was punched days before any run or report reads it: the indexes have long caught up.
        data.stack.awaitIndexes();
    }

    /** The EventBridge event of events/schedule-nightly.json, fired at {@code at}. */
    static ObjectNode scheduledEvent(Instant at) {
        ObjectNode event = TestStack.event("schedule-nightly.json");
        event.put("time", at.toString());
        return event;
    }
}
