package dev.timetracker.adapters.report;

import dev.timetracker.adapters.dynamodb.BatchReads;
import dev.timetracker.adapters.dynamodb.DynamoEmployeeStore;
import dev.timetracker.adapters.dynamodb.FinalSessions;
import dev.timetracker.adapters.dynamodb.TimeItems;
import dev.timetracker.adapters.s3.SessionCsvUpload;
import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.report.ExportJob;
import dev.timetracker.domain.report.ReportService;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.WorkSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes an export job's CSV: for each date of the range, oldest first, the final sessions (by employee id)
 * and, for the last few days, the sessions still in the punch clocks. For everyone, final sessions stream from the
 * sessions-by-date index a page at a time; for named employees, their session items are read by key, so the cost
 * follows the employees named. Only the not-yet-final sessions of recent days are collected, and they are few.
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

    public RangeExport(
            DynamoDbClient db,
            String timeTable,
            DynamoEmployeeStore employees,
            Supplier<BusinessHoursTimeline> hours,
            S3Client s3,
            String bucket,
            Clock clock) {
        this(db, timeTable, employees, hours, () -> s3, bucket, clock);
    }

    /** @param s3 asked for only when a file is written, so that a function can build its S3 client lazily */
    public RangeExport(
            DynamoDbClient db,
            String timeTable,
            DynamoEmployeeStore employees,
            Supplier<BusinessHoursTimeline> hours,
            Supplier<S3Client> s3,
            String bucket,
            Clock clock) {
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

    /**
     * Reads ahead while it writes: the next page of final sessions (a Query page for everyone, one BatchGetItem
     * round for named employees) is fetched while the current one is written and uploaded.
     */
    public SessionCsvUpload.Result write(ExportJob job) throws IOException {
        List<String> named = job.employeeIds().stream().distinct().sorted().toList();
        Map<LocalDate, SortedMap<String, WorkSession>> open = openSessions(job.range(), named);
        Iterator<DatedPage> finalPages = job.range()
                .from()
                .datesUntil(job.range().to().plusDays(1))
                .flatMap(date -> named.isEmpty()
                        ? new FinalSessions(db, timeTable, date)
                                .pages().stream().map(page -> new DatedPage(date, page))
                        : Stream.of(new DatedPage(date, namedFinalSessions(date, named))))
                .iterator();
        try (ReadAhead<DatedPage> pages = new ReadAhead<>(finalPages)) {
            return SessionCsvUpload.upload(
                    s3.get(),
                    bucket,
                    key(job),
                    sessions(job.range(), pages, open),
                    employees::findAll,
                    session -> {},
                    SessionCsvUpload.EVERY_EMPLOYEE);
        }
    }

    /** A page of one date's final sessions, ordered by employee id; a date has one page at least (maybe empty). */
    private record DatedPage(LocalDate date, List<WorkSession> sessions) {}

    /**
     * The named employees' final sessions of one date: their {@code SESSION#<date>} items by key, so that the
     * cost follows the employees named, not the organisation (the sessions-by-date index would return everyone's).
     */
    private List<WorkSession> namedFinalSessions(LocalDate date, List<String> named) {
        List<Map<String, AttributeValue>> keys =
                named.stream().map(id -> TimeItems.sessionKey(id, date)).toList();
        return BatchReads.getMany(db, timeTable, keys, TimeItems.SESSION_ATTRIBUTES, BatchReads.Consistency.EVENTUAL)
                .stream()
                .map(TimeItems::sessionFromItem)
                .sorted(Comparator.comparing(WorkSession::employeeId))
                .toList();
    }

    /** Every date of the range in order, each date's final sessions merged with its open ones by employee id. */
    private static Iterator<WorkSession> sessions(
            DateRange range, Iterator<DatedPage> pages, Map<LocalDate, SortedMap<String, WorkSession>> open) {
        Iterator<LocalDate> dates =
                range.from().datesUntil(range.to().plusDays(1)).iterator();
        PeekingPages peeking = new PeekingPages(pages);
        return new Iterator<>() {
            private Iterator<WorkSession> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && dates.hasNext()) {
                    LocalDate date = dates.next();
                    current = merged(peeking.sessionsOf(date), open.getOrDefault(date, new TreeMap<>()));
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
    }

    /** The pages in order, handed out date by date. */
    private static final class PeekingPages {
        private final Iterator<DatedPage> pages;
        private @Nullable DatedPage peeked;

        PeekingPages(Iterator<DatedPage> pages) {
            this.pages = pages;
        }

        /** The sessions of {@code date}'s pages, read as they are iterated; dates are asked for in order. */
        Iterator<WorkSession> sessionsOf(LocalDate date) {
            return new Iterator<>() {
                private Iterator<WorkSession> page = Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    while (!page.hasNext()) {
                        if (peeked == null && pages.hasNext()) {
                            peeked = pages.next();
                        }
                        if (peeked == null || !peeked.date().equals(date)) {
                            return false;
                        }
                        page = peeked.sessions().iterator();
                        peeked = null;
                    }
                    return true;
                }

                @Override
                public WorkSession next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return page.next();
                }
            };
        }
    }

    /** Estimated rows: employees in scope times days, so that small exports can be written within the request. */
    public long estimateRows(DateRange range, List<String> employeeIds) {
        long people = employeeIds.isEmpty() ? data.countClocks() : employeeIds.size();
        return people * range.days();
    }

    /**
     * The sessions still in the punch clocks, for a range that reaches the last few days: the named employees'
     * clocks by key (one BatchGetItem round), or every clock when the export is for everyone.
     */
    private Map<LocalDate, SortedMap<String, WorkSession>> openSessions(DateRange range, List<String> named) {
        Map<LocalDate, SortedMap<String, WorkSession>> open = new HashMap<>();
        Instant now = clock.instant();
        if (!ReportService.touchesJournals(range, LocalDate.ofInstant(now, java.time.ZoneOffset.UTC))) {
            return open;
        }
        BusinessHoursTimeline timeline = hours.get();
        Consumer<PunchClock> collect =
                punchClock -> ReportService.journalSessions(punchClock, range.from(), range.to(), timeline, now)
                        .forEach(session -> open.computeIfAbsent(session.workDate(), d -> new TreeMap<>())
                                .put(session.employeeId(), session));
        // A clock that cannot be interpreted is logged and left out: its open sessions are missing from the file,
        // every other employee's rows are there.
        if (named.isEmpty()) {
            data.forEachClock(collect, unreadable -> {});
        } else {
            data.clocks(named, unreadable -> {}).values().forEach(collect);
        }
        return open;
    }

    /** The date's final sessions and open ones, merged by employee id. */
    private static Iterator<WorkSession> merged(Iterator<WorkSession> finals, SortedMap<String, WorkSession> open) {
        Iterator<WorkSession> opens = open.values().iterator();
        return new Iterator<>() {
            private @Nullable WorkSession nextFinal = finals.hasNext() ? finals.next() : null;
            private @Nullable WorkSession nextOpen = opens.hasNext() ? opens.next() : null;

            @Override
            public boolean hasNext() {
                return nextFinal != null || nextOpen != null;
            }

            @Override
            public WorkSession next() {
                WorkSession finalSession = nextFinal;
                WorkSession openSession = nextOpen;
                if (finalSession != null
                        && (openSession == null
                                || finalSession.employeeId().compareTo(openSession.employeeId()) <= 0)) {
                    nextFinal = finals.hasNext() ? finals.next() : null;
                    return finalSession;
                }
                if (openSession == null) {
                    throw new NoSuchElementException();
                }
                nextOpen = opens.hasNext() ? opens.next() : null;
                return openSession;
            }
        };
    }
}
