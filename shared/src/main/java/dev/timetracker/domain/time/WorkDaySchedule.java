package dev.timetracker.domain.time;

import dev.timetracker.domain.hours.BusinessHours;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * The business hours of one work date turned into instants. Start and end are wall-clock times in the employee's
 * zone, so on a DST day they are resolved the way {@link ZonedDateTime#of} resolves gaps and overlaps.
 */
public record WorkDaySchedule(
        LocalDate workDate, boolean workDay, Instant start, Instant end, Duration lateGrace, Duration earlyLeaveGrace) {

    public WorkDaySchedule {
        Objects.requireNonNull(workDate, "workDate");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(lateGrace, "lateGrace");
        Objects.requireNonNull(earlyLeaveGrace, "earlyLeaveGrace");
    }

    /**
     * An end time not after the start time describes a night shift, so it falls on the following calendar day.
     */
    public static WorkDaySchedule of(BusinessHours hours, LocalDate workDate, ZoneId employeeZone) {
        Instant start =
                ZonedDateTime.of(workDate, hours.startTime(), employeeZone).toInstant();
        LocalDate endDate = hours.endTime().isAfter(hours.startTime()) ? workDate : workDate.plusDays(1);
        Instant end = ZonedDateTime.of(endDate, hours.endTime(), employeeZone).toInstant();
        return new WorkDaySchedule(
                workDate,
                hours.isWorkDay(workDate.getDayOfWeek()),
                start,
                end,
                hours.lateGrace(),
                hours.earlyLeaveGrace());
    }

    /** Counted from the start time, not from the end of the grace: the grace only decides whether it counts. */
    public long lateSeconds(Instant firstIn) {
        if (!workDay) {
            return 0;
        }
        Instant in = SessionTally.toWholeSecond(firstIn);
        return in.isAfter(start.plus(lateGrace)) ? Duration.between(start, in).toSeconds() : 0;
    }

    /** Counted up to the end time, not to the start of the grace: the grace only decides whether it counts. */
    public long earlyLeaveSeconds(Instant lastOut) {
        if (!workDay) {
            return 0;
        }
        Instant out = SessionTally.toWholeSecond(lastOut);
        return out.isBefore(end.minus(earlyLeaveGrace))
                ? Duration.between(out, end).toSeconds()
                : 0;
    }
}
