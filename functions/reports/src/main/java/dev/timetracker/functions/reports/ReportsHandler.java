package dev.timetracker.functions.reports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.dynamodb.CachedBusinessHours;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.adapters.dynamodb.DynamoBusinessHoursStore;
import dev.timetracker.adapters.dynamodb.DynamoEmployeeStore;
import dev.timetracker.adapters.http.Access;
import dev.timetracker.adapters.http.ApiRequest;
import dev.timetracker.adapters.http.ApiResponse;
import dev.timetracker.adapters.http.HttpFunction;
import dev.timetracker.adapters.http.Log;
import dev.timetracker.adapters.http.Problems;
import dev.timetracker.adapters.http.QueryParameters;
import dev.timetracker.adapters.http.Router;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.json.JsonFields;
import dev.timetracker.adapters.report.ExportJobs;
import dev.timetracker.adapters.report.RangeExport;
import dev.timetracker.adapters.report.ReportData;
import dev.timetracker.adapters.s3.S3Links;
import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.Identifiers;
import dev.timetracker.domain.NotFoundException;
import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.RetryLaterException;
import dev.timetracker.domain.ValidationException;
import dev.timetracker.domain.employee.Employee;
import dev.timetracker.domain.employee.EmployeeFilter;
import dev.timetracker.domain.report.DayTotals;
import dev.timetracker.domain.report.EmployeeTotals;
import dev.timetracker.domain.report.ExportJob;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.WeeklyOvertime;
import dev.timetracker.domain.time.WorkSession;
import dev.timetracker.domain.time.WorkState;
import dev.timetracker.domain.time.UnreadableClockException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import static dev.timetracker.domain.access.Role.ADMIN;
import static dev.timetracker.domain.access.Role.MANAGER;

/**
 * Reports for admins and managers: {@code /api/reports/...}. Figures come from the nightly job's daily
 * aggregates and final sessions, and from the punch clocks for what is not final yet, all through keys and
 * indexes. CSV exports small enough to write within the request answer 201 with a link; larger ones are
 * handed to the export worker (202) and polled at {@code /api/reports/exports/{id}/}.
 */
public final class ReportsHandler extends HttpFunction {
    /** API Gateway gives a request 30 s; this many rows stream to S3 in a few seconds. */
    static final long INLINE_EXPORT_ROWS = 20_000;
    private static final int MAX_EXPORT_EMPLOYEES = 1_000;

    /** What the Lambda runtime calls. */
    public ReportsHandler() {
        this(Environment.process());
    }

    /** This function's environment: the process's in AWS, its own template block in the local stack. */
    public ReportsHandler(Environment environment) {
        this(Deployment.fromEnvironment(environment), () -> AwsClients.s3(environment),
                environment.required("EXPORT_BUCKET"), () -> new S3Links(AwsClients.presigner(environment),
                        Duration.ofSeconds(environment.integer("EXPORT_LINK_SECONDS", 900))));
        // Every route needs it: a template block without it fails init, naming it, rather than a first request.
        environment.required("TIME_TABLE");
    }

    public ReportsHandler(Deployment deployment, S3Client s3, String bucket, S3Links links) {
        this(deployment, () -> s3, bucket, () -> links);
    }

    /**
     * The S3 client and presigner are built on first use: the overview and the other reports never need them,
     * and building them is a third of this function's cold start (bench/).
     */
    public ReportsHandler(Deployment deployment, Supplier<S3Client> s3, String bucket, Supplier<S3Links> links) {
        this(new Endpoints(deployment, memoized(s3), bucket, memoized(links)), deployment);
    }

    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T current = value;
                if (current == null) {
                    synchronized (this) {
                        current = value;
                        if (current == null) {
                            current = supplier.get();
                            value = current;
                        }
                    }
                }
                return current;
            }
        };
    }

    private ReportsHandler(Endpoints endpoints, Deployment deployment) {
        super(new Router()
                .route("GET", "/api/reports/overview/", Access.roles(ADMIN, MANAGER), endpoints::overview)
                .route("GET", "/api/reports/employees/", Access.roles(ADMIN, MANAGER), endpoints::employees)
                .route("GET", "/api/reports/daily/", Access.roles(ADMIN, MANAGER), endpoints::daily)
                .route("POST", "/api/reports/export/csv/", Access.roles(ADMIN, MANAGER), endpoints::export)
                .route("GET", "/api/reports/exports/{export_id}/", Access.roles(ADMIN, MANAGER), endpoints::exportStatus),
                deployment);
    }

    /**
     * An admin asking for the daily figures of an employee that does not exist (token check, the final sessions'
     * Query, the clock's BatchGetItem: 404) and for an export that does not exist (404).
     */
    @Override
    protected void prime(dev.timetracker.adapters.http.Priming priming) {
        String nobody = dev.timetracker.adapters.auth.PrimingCredentials.NO_SUCH_ID;
        priming.request("GET", "/api/reports/daily/?employee_id=" + nobody, null, ADMIN, 404);
        priming.request("GET", "/api/reports/exports/" + nobody + "/", null, ADMIN, 404);
    }

    private static final class Endpoints {
        private static final Set<String> EXPORT_FIELDS = Set.of("from", "to", "employee_ids");

        private final DynamoDbClient db;
        private final String timeTable;
        private final ReportData data;
        private final CachedBusinessHours hours;
        private final DynamoBusinessHoursStore hoursStore;
        private final DynamoEmployeeStore employees;
        private final ExportJobs jobs;
        private final RangeExport rangeExport;
        private final Supplier<S3Links> links;
        private final String bucket;
        private final dev.timetracker.adapters.dynamodb.CursorCodec cursors;
        private final Clock clock;

        Endpoints(Deployment deployment, Supplier<S3Client> s3, String bucket, Supplier<S3Links> links) {
            var tables = deployment.tables();
            this.db = deployment.db();
            this.timeTable = tables.time();
            this.clock = deployment.clock();
            this.cursors = deployment.cursors();
            this.data = new ReportData(db, timeTable);
            this.hoursStore = new DynamoBusinessHoursStore(db, tables.employees(), tables.audit(), cursors);
            this.hours = new CachedBusinessHours(hoursStore, clock);
            this.employees = new DynamoEmployeeStore(db, tables.employees(), deployment.sessions(), tables.audit(),
                    timeTable, cursors);
            this.jobs = new ExportJobs(db, tables.exports());
            this.rangeExport = new RangeExport(db, timeTable, employees, hours, s3, bucket, clock);
            this.links = links;
            this.bucket = bucket;
        }

        /** "Today" for an organisation is the date in the business hours' zone. */
        private LocalDate today() {
            Instant now = clock.instant();
            BusinessHoursTimeline timeline = hours.get();
            var zone = timeline.inForceAt(now).map(h -> h.timezone()).orElse(java.time.ZoneOffset.UTC);
            return LocalDate.ofInstant(now, zone);
        }

        ApiResponse overview(ApiRequest request) {
            LocalDate date = request.queryParameter("date").map(d -> DateRange.date("date", d)).orElseGet(this::today);
            DateRange week = new DateRange(date.with(DayOfWeek.MONDAY), date);
            Instant now = clock.instant();
            BusinessHoursTimeline timeline = hours.get();
            long[] states = new long[4];
            Map<LocalDate, DayTotals> open = new HashMap<>();
            List<UnreadableClockException> unreadable = new ArrayList<>();
            data.forEachClock(punchClock -> {
                if (!punchClock.active()) {
                    return;
                }
                states[0]++;
                WorkState state = punchClock.state();
                states[state == WorkState.WORKING ? 1 : state == WorkState.ON_BREAK ? 2 : 3]++;
                ReportData.journalSessions(punchClock, week, timeline, now).forEach(session ->
                        open.merge(session.workDate(), DayTotals.empty(session.workDate()).add(session), DayTotals::plus));
            }, unreadable::add);
            Map<LocalDate, DayTotals> totals = totals(week, open);
            long weekSeconds = totals.values().stream().mapToLong(DayTotals::workedSeconds).sum();
            DayTotals day = totals.get(date);
            ObjectNode body = Json.object();
            body.put("date", date.toString());
            body.put("employees_active", states[0]);
            body.put("working", states[1]);
            body.put("on_break", states[2]);
            body.put("off", states[3]);
            body.put("late_today", day.lateCount());
            body.put("worked_seconds_today", day.workedSeconds());
            body.put("worked_seconds_week", weekSeconds);
            flag(body, unreadable);
            return ApiResponse.json(200, body);
        }

        /** Each date's totals: the nightly aggregate where it exists, else final sessions plus open ones. */
        private Map<LocalDate, DayTotals> totals(DateRange range, Map<LocalDate, DayTotals> open) {
            Map<LocalDate, DayTotals> stored = data.storedTotals(range);
            Map<LocalDate, DayTotals> totals = new LinkedHashMap<>();
            range.from().datesUntil(range.to().plusDays(1)).forEach(date -> totals.put(date,
                    stored.containsKey(date) ? stored.get(date)
                            : data.finalTotals(date).plus(open.getOrDefault(date, DayTotals.empty(date)))));
            return totals;
        }

        ApiResponse daily(ApiRequest request) {
            DateRange range = range(request);
            String employeeId = QueryParameters.id(request, "employee_id").orElse(null);
            Instant now = clock.instant();
            BusinessHoursTimeline timeline = hours.get();
            Map<LocalDate, DayTotals> totals = new LinkedHashMap<>();
            List<UnreadableClockException> unreadable = new ArrayList<>();
            if (employeeId != null) {
                range.from().datesUntil(range.to().plusDays(1)).forEach(date -> totals.put(date, DayTotals.empty(date)));
                sessionsOf(employeeId, range, timeline, now, unreadable).forEach(session ->
                        totals.computeIfPresent(session.workDate(), (date, sum) -> sum.add(session)));
            } else {
                Map<LocalDate, DayTotals> open = new HashMap<>();
                if (ReportData.touchesJournals(range, today())) {
                    data.forEachClock(punchClock -> ReportData.journalSessions(punchClock, range, timeline, now)
                            .forEach(session -> open.merge(session.workDate(),
                                    DayTotals.empty(session.workDate()).add(session), DayTotals::plus)), unreadable::add);
                }
                totals.putAll(totals(range, open));
            }
            PageRequest page = QueryParameters.page(request);
            String listing = page.listing("daily/" + range.from() + "/" + range.to() + "/" + employeeId);
            var cursor = cursors.decode(listing, page.cursor(), Set.of("date"));
            LocalDate start = cursor == null ? range.from() : DateRange.date("cursor", cursor.get("date").s());
            List<DayTotals> items = totals.values().stream().filter(t -> !t.date().isBefore(start)).limit(page.limit()).toList();
            LocalDate next = items.isEmpty() ? null : items.get(items.size() - 1).date().plusDays(1);
            String nextCursor = next != null && !next.isAfter(range.to())
                    ? cursors.encode(listing, Map.of("date", AttributeValue.fromS(next.toString()))) : null;
            ObjectNode body = Json.object();
            ArrayNode array = body.putArray("items");
            items.forEach(t -> array.addObject().put("date", t.date().toString()).put("employees_present", t.employeesPresent())
                    .put("worked_seconds", t.workedSeconds()).put("break_seconds", t.breakSeconds())
                    .put("late_count", t.lateCount()));
            body.put("next_cursor", nextCursor);
            flag(body, unreadable);
            return ApiResponse.json(200, body);
        }

        ApiResponse employees(ApiRequest request) {
            DateRange range = range(request);
            Page<Employee> page = employees.list(new EmployeeFilter(null, null), QueryParameters.page(request));
            Instant now = clock.instant();
            BusinessHoursTimeline timeline = hours.get();
            List<UnreadableClockException> unreadable = new ArrayList<>();
            Map<String, PunchClock> clocks = ReportData.touchesJournals(range, today())
                    ? clocksOf(page.items().stream().map(Employee::id).toList(), unreadable) : Map.of();
            ObjectNode body = Json.object();
            ArrayNode items = body.putArray("items");
            // Weekly overtime is a share per day (WeeklyOvertime): the days of the range's first week before
            // `from` are read too, so that a partial week at either edge counts exactly its own days' shares.
            LocalDate weekStart = WeeklyOvertime.weekOf(range.from());
            for (Employee employee : page.items()) {
                EmployeeTotals totals = EmployeeTotals.empty(employee.id(), employee.fullName());
                List<WorkSession> sessions = new ArrayList<>(data.finalSessions(employee.id(), weekStart, range.to()));
                PunchClock punchClock = clocks.get(employee.id());
                if (punchClock != null) {
                    sessions.addAll(ReportData.journalSessions(punchClock, weekStart, range.to(), timeline, now));
                }
                Map<LocalDate, Long> weekly = WeeklyOvertime.perDay(sessions, timeline);
                for (WorkSession session : sessions) {
                    if (!session.workDate().isBefore(range.from())) {
                        totals = totals.add(session, weekly.get(session.workDate()));
                    }
                }
                items.addObject().put("employee_id", totals.employeeId()).put("name", totals.name())
                        .put("days_worked", totals.daysWorked()).put("worked_seconds", totals.workedSeconds())
                        .put("break_seconds", totals.breakSeconds()).put("late_days", totals.lateDays())
                        .put("late_seconds", totals.lateSeconds()).put("early_leave_days", totals.earlyLeaveDays())
                        .put("overtime_seconds", totals.overtimeSeconds())
                        .put("weekly_overtime_seconds", totals.weeklyOvertimeSeconds())
                        .put("payable_seconds", totals.payableSeconds());
            }
            body.put("next_cursor", page.nextCursor());
            flag(body, unreadable);
            return ApiResponse.json(200, body);
        }

        /**
         * The employee's final sessions and, unless their clock cannot be interpreted (then it is added to
         * {@code unreadable}), the open ones.
         */
        private List<WorkSession> sessionsOf(String employeeId, DateRange range, BusinessHoursTimeline timeline, Instant now,
                                             List<UnreadableClockException> unreadable) {
            List<WorkSession> sessions = new ArrayList<>(data.finalSessions(employeeId, range));
            PunchClock punchClock = clocksOf(List.of(employeeId), unreadable).get(employeeId);
            if (punchClock == null && unreadable.isEmpty()) {
                throw new NotFoundException("No employee has id " + employeeId);
            }
            if (punchClock != null) {
                sessions.addAll(ReportData.journalSessions(punchClock, range, timeline, now));
            }
            return sessions;
        }

        /** The clocks of these employees that exist and can be interpreted; the others go to {@code unreadable}. */
        private Map<String, PunchClock> clocksOf(List<String> ids, List<UnreadableClockException> unreadable) {
            Map<String, PunchClock> clocks = new HashMap<>();
            for (int start = 0; start < ids.size(); start += 100) {
                List<Map<String, AttributeValue>> keys = ids.subList(start, Math.min(ids.size(), start + 100)).stream()
                        .map(ClockItems::key).toList();
                dev.timetracker.adapters.dynamodb.BatchReads.get(db, Map.of(timeTable, keys))
                        .getOrDefault(timeTable, List.of())
                        .forEach(item -> {
                            PunchClock punchClock = ReportData.clockOrNull(item, unreadable::add);
                            if (punchClock != null) {
                                clocks.put(punchClock.employeeId(), punchClock);
                            }
                        });
            }
            return clocks;
        }

        /**
         * {@code data_errors}: the employees whose time records cannot be interpreted. Their figures that are not
         * final yet are left out of this report (final ones still count); everyone else's are complete.
         */
        private static void flag(ObjectNode body, List<UnreadableClockException> unreadable) {
            if (unreadable.isEmpty()) {
                return;
            }
            ArrayNode errors = body.putArray("data_errors");
            unreadable.stream().sorted(java.util.Comparator.comparing(UnreadableClockException::employeeId))
                    .forEach(failure -> errors.addObject().put("employee_id", failure.employeeId())
                            .put("type", Problems.TYPE_PREFIX + failure.slug())
                            .put("detail", "This employee's time records cannot be interpreted: their figures that "
                                    + "are not final yet are missing here until an admin repairs the records."));
        }

        ApiResponse export(ApiRequest request) {
            JsonFields fields = JsonFields.parse(request.body(), EXPORT_FIELDS);
            String from = fields.text("from");
            String to = fields.text("to");
            List<String> ids = fields.texts("employee_ids");
            if (from == null) {
                fields.errors().add("from", "is required");
            }
            if (to == null) {
                fields.errors().add("to", "is required");
            }
            if (ids != null && ids.isEmpty()) {
                fields.errors().add("employee_ids", "must name at least one employee; leave it out to export everyone");
            } else if (ids != null && ids.size() > MAX_EXPORT_EMPLOYEES) {
                fields.errors().add("employee_ids", "may name at most " + MAX_EXPORT_EMPLOYEES + " employees");
            } else if (ids != null) {
                ids.stream().filter(id -> !Identifiers.isValid(id)).findFirst()
                        .ifPresent(id -> Identifiers.check(fields.errors(), "employee_ids", id));
            }
            fields.done();
            // Everything is checked before the job is written: a refused request leaves no job for the worker.
            DateRange range = new DateRange(DateRange.date("from", from), DateRange.date("to", to));
            ExportJob job = new ExportJob(UUID.randomUUID().toString(), ExportJob.Status.PENDING, range,
                    ids == null ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(ids)),
                    request.principal().subjectId(), clock.instant(), null, 0, null, 0);
            if (rangeExport.estimateRows(range, job.employeeIds()) > INLINE_EXPORT_ROWS) {
                jobs.save(job, clock.instant());
                Log.info("Export handed to the export worker", "export_id", job.id());
                return ApiResponse.json(202, Json.object().put("export_id", job.id()).put("status", "pending"));
            }
            // Written now; should this invocation die, the worker takes the job over once the request is surely over.
            jobs.save(job, clock.instant().plus(ExportJobs.TAKEOVER_AFTER));
            try {
                var written = rangeExport.write(job);
                ExportJob ready = job.ready(written.key(), written.rows());
                jobs.save(ready, null);
                return ApiResponse.json(201, describe(ready));
            } catch (IOException | SdkException e) {
                Log.warn("Export failed", "export_id", job.id(), "error", e.toString());
                jobs.save(job.failed("The file could not be written to storage; nothing was kept. Try the export again."), null);
                throw new RetryLaterException(RetryLaterException.Reason.DEPENDENCY_UNAVAILABLE,
                        "The export " + job.id() + " failed while writing the file; try again", Duration.ofSeconds(5));
            } catch (RuntimeException bug) {
                // Not the worker's to retry: the same job would fail the same way and end with a misleading error.
                jobs.save(job.failed("The export failed on our side; nothing was kept. Please report export " + job.id() + "."), null);
                throw bug;
            }
        }

        ApiResponse exportStatus(ApiRequest request) {
            String id = request.pathParameter("export_id");
            ExportJob job = jobs.find(id, clock.instant()).orElseThrow(() -> new NotFoundException("No export has id " + id));
            return ApiResponse.json(200, describe(job));
        }

        /** Ready exports get a fresh presigned link each time they are asked for. */
        private ObjectNode describe(ExportJob job) {
            ObjectNode body = Json.object();
            body.put("export_id", job.id());
            body.put("status", job.status().wire());
            if (job.status() == ExportJob.Status.READY) {
                var link = links.get().download(bucket, job.objectKey());
                body.put("download_url", link.url().toString());
                body.put("expires_at", Json.instant(link.expiresAt()));
                body.put("rows", job.rows());
            } else if (job.status() == ExportJob.Status.FAILED) {
                body.put("error", job.error());
            }
            return body;
        }

        private DateRange range(ApiRequest request) {
            LocalDate today = today();
            return DateRange.parse(request.queryParameter("from").orElse(null), request.queryParameter("to").orElse(null), today);
        }
    }
}
