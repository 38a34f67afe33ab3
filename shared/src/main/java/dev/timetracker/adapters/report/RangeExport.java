package dev.timetracker.adapters.report;

import dev.timetracker.adapters.dynamodb.DynamoEmployeeStore;
import dev.timetracker.adapters.dynamodb.FinalSessions;
import dev.timetracker.adapters.s3.SessionCsvUpload;
import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.report.ExportJob;
import dev.timetracker.domain.report.ReportService;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.WorkSession;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Writes an export job's CSV: for each date of the range, oldest first, the final sessions (by employee id)
 * and, for the last few days, the sessions still in the punch clocks. Final sessions stream from the index a
 * page at a time; only the not-yet-final ones of recent days are collected, and they are few.
 */
public final class RangeExport {
    private final DynamoDbClient db;
    private final String timeTable;
    private final DynamoEmployeeStore employees;
    private final DynamoReportStore data;
    private final Supplier<BusinessHoursTimeline> hours;
    private final Supplier<S3Client> s3;
    private final String bucket;
    private final Clock clock;

    public RangeExport(DynamoDbClient db, String timeTable, DynamoEmployeeStore employees, Supplier<BusinessHoursTimeline> hours,
                       S3Client s3, String bucket, Clock clock) {
        this(db, timeTable, employees, hours, () -> s3, bucket, clock);
    }

    /** @param s3 asked for only when a file is written, so that a function can build its S3 client lazily */
    public RangeExport(DynamoDbClient db, String timeTable, DynamoEmployeeStore employees, Supplier<BusinessHoursTimeline> hours,
                       Supplier<S3Client> s3, String bucket, Clock clock) {
        this.db = db;
        this.timeTable = timeTable;
        this.employees = employees;
        this.data = new DynamoReportStore(db, timeTable);
        this.hours = hours;
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
    }

    public static String key(ExportJob job) {
        return "exports/adhoc/" + job.id() + ".csv";
    }

    public SessionCsvUpload.Result write(ExportJob job) throws IOException {
        Set<String> only = Set.copyOf(job.employeeIds());
        Map<LocalDate, TreeMap<String, WorkSession>> open = openSessions(job.range(), only);
        Iterator<LocalDate> dates = job.range().from().datesUntil(job.range().to().plusDays(1)).iterator();
        Iterator<WorkSession> sessions = new Iterator<>() {
            private Iterator<WorkSession> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && dates.hasNext()) {
                    LocalDate date = dates.next();
                    current = merged(date, open.getOrDefault(date, new TreeMap<>()), only);
                }
                return current.hasNext();
            }

            @Override
            public WorkSession next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
        return SessionCsvUpload.upload(s3.get(), bucket, key(job), sessions, employees::findAll, session -> { });
    }

    /** Estimated rows: employees in scope times days, so that small exports can be written within the request. */
    public long estimateRows(DateRange range, List<String> employeeIds) {
        long people = employeeIds.isEmpty() ? data.countClocks() : employeeIds.size();
        return people * range.days();
    }



    private Map<LocalDate, TreeMap<String, WorkSession>> openSessions(DateRange range, Set<String> only) {
        Map<LocalDate, TreeMap<String, WorkSession>> open = new HashMap<>();
        Instant now = clock.instant();
        if (!ReportService.touchesJournals(range, LocalDate.ofInstant(now, java.time.ZoneOffset.UTC))) {
            return open;
        }
        BusinessHoursTimeline timeline = hours.get();
        // A clock that cannot be interpreted is logged and left out: its open sessions are missing from the file,
        // every other employee's rows are there.
        data.forEachClock(punchClock -> {
            if (only.isEmpty() || only.contains(punchClock.employeeId())) {
                ReportService.journalSessions(punchClock, range.from(), range.to(), timeline, now).forEach(session ->
                        open.computeIfAbsent(session.workDate(), d -> new TreeMap<>()).put(session.employeeId(), session));
            }
        }, unreadable -> { });
        return open;
    }

    /** The date's final sessions and open ones, merged by employee id. */
    private Iterator<WorkSession> merged(LocalDate date, TreeMap<String, WorkSession> open, Set<String> only) {
        Iterator<WorkSession> finals = new FinalSessions(db, timeTable, date).iterator();
        Iterator<WorkSession> opens = open.values().iterator();
        return new Iterator<>() {
            private WorkSession nextFinal = advance(finals);
            private WorkSession nextOpen = opens.hasNext() ? opens.next() : null;

            private WorkSession advance(Iterator<WorkSession> source) {
                while (source.hasNext()) {
                    WorkSession session = source.next();
                    if (only.isEmpty() || only.contains(session.employeeId())) {
                        return session;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return nextFinal != null || nextOpen != null;
            }

            @Override
            public WorkSession next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                WorkSession result;
                if (nextOpen == null || (nextFinal != null && nextFinal.employeeId().compareTo(nextOpen.employeeId()) <= 0)) {
                    result = nextFinal;
                    nextFinal = advance(finals);
                } else {
                    result = nextOpen;
                    nextOpen = opens.hasNext() ? opens.next() : null;
                }
                return result;
            }
        };
    }
}
