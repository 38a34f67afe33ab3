package dev.timetracker.functions.periods;

import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.dynamodb.CachedBusinessHours;
import dev.timetracker.adapters.dynamodb.DynamoCorrectionStore;
import dev.timetracker.adapters.dynamodb.DynamoEmployeeStore;
import dev.timetracker.adapters.dynamodb.DynamoPeriodStore;
import dev.timetracker.adapters.dynamodb.DynamoPunchClockStore;
import dev.timetracker.adapters.dynamodb.DynamoTimeRecords;
import dev.timetracker.adapters.http.Access;
import dev.timetracker.adapters.http.ApiRequest;
import dev.timetracker.adapters.http.ApiResponse;
import dev.timetracker.adapters.http.HttpFunction;
import dev.timetracker.adapters.http.Log;
import dev.timetracker.adapters.http.Priming;
import dev.timetracker.adapters.http.QueryParameters;
import dev.timetracker.adapters.http.Router;
import dev.timetracker.adapters.json.CorrectionJson;
import dev.timetracker.adapters.json.JsonFields;
import dev.timetracker.adapters.json.PageJson;
import dev.timetracker.adapters.json.PeriodJson;
import dev.timetracker.adapters.report.DailyFiles;
import dev.timetracker.adapters.s3.S3Clients;
import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.Identifiers;
import dev.timetracker.domain.NotFoundException;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.ValidationException;
import dev.timetracker.domain.access.AccessRules;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.correction.Correction;
import dev.timetracker.domain.correction.CorrectionFilter;
import dev.timetracker.domain.correction.CorrectionService;
import dev.timetracker.domain.correction.CorrectionStatus;
import dev.timetracker.domain.period.ClosedDates;
import dev.timetracker.domain.period.IsoWeek;
import dev.timetracker.domain.period.PayPeriodLock;
import dev.timetracker.domain.period.PeriodService;
import dev.timetracker.domain.period.Timesheet;
import dev.timetracker.domain.period.TimesheetTotals;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.WorkSession;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Timesheets ({@code GET /api/timetracking/timesheets/}, {@code POST .../{employee_id}/{week}/submit|approve|reopen/})
 * the pay-period lock ({@code GET/POST /api/timetracking/locks/}) and corrections ({@code GET/POST
 * /api/timetracking/corrections/}, {@code POST .../{id}/approve|reject/}). Shaped as every handler is:
 * docs/handlers.md.
 */
public final class PeriodsHandler extends HttpFunction {
    private static final Set<String> REOPEN_FIELDS = Set.of("reason");
    private static final Set<String> LOCK_FIELDS = Set.of("through", "reason");
    private static final String TIMESHEET = "/api/timetracking/timesheets/{employee_id}/{week}/";
    private static final String CORRECTIONS = "/api/timetracking/corrections/";
    private static final Set<String> APPROVE_FIELDS = Set.of("note");

    /** What the Lambda runtime calls. */
    public PeriodsHandler() {
        this(Deployment.fromEnvironment(Environment.process()));
    }

    /** This function's deployment: the process's in AWS, its own template block in the local stack and tests. */
    public PeriodsHandler(Deployment deployment) {
        super(routes(new Endpoints(deployment.requiring("TIME_TABLE"))), deployment);
    }

    /** Every route of this function: method, path, who may call it, endpoint. */
    private static Router routes(Endpoints endpoints) {
        return new Router()
                .route("GET", "/api/timetracking/timesheets/", Access.ANY_ROLE, endpoints::timesheet)
                .route("POST", TIMESHEET + "submit/", Access.roles(Role.EMPLOYEE), endpoints::submit)
                .route("POST", TIMESHEET + "approve/", Access.roles(Role.ADMIN, Role.MANAGER), endpoints::approve)
                .route("POST", TIMESHEET + "reopen/", Access.roles(Role.ADMIN), endpoints::reopen)
                .route("GET", "/api/timetracking/locks/", Access.roles(Role.ADMIN, Role.MANAGER), endpoints::lock)
                .route("POST", "/api/timetracking/locks/", Access.roles(Role.ADMIN), endpoints::moveLock)
                .route("GET", CORRECTIONS, Access.ANY_ROLE, endpoints::corrections)
                .route("POST", CORRECTIONS, Access.ANY_ROLE, endpoints::requestCorrection)
                .route(
                        "POST",
                        CORRECTIONS + "{id}/approve/",
                        Access.roles(Role.ADMIN, Role.MANAGER),
                        endpoints::approveCorrection)
                .route(
                        "POST",
                        CORRECTIONS + "{id}/reject/",
                        Access.roles(Role.ADMIN, Role.MANAGER),
                        endpoints::rejectCorrection);
    }

    /**
     * An employee that does not exist reading their own week (the token check's BatchGetItem, then the clock: 404),
     * and a manager reading the lock (one GetItem): nothing is written.
     */
    @Override
    protected void prime(Priming priming) {
        priming.request("GET", "/api/timetracking/timesheets/?week=2026-W48", null, Role.EMPLOYEE, 404);
        priming.request("GET", "/api/timetracking/locks/", null, Role.MANAGER, 200);
    }

    private static final class Endpoints {
        private final PeriodService periods;
        private final CorrectionService corrections;
        private final DynamoPunchClockStore clocks;
        private final DynamoTimeRecords records;
        private final CachedBusinessHours hours;
        private final DailyFiles dailyFiles;
        private final Clock clock;

        Endpoints(Deployment deployment) {
            var tables = deployment.tables();
            this.clock = deployment.clock();
            this.hours = CachedBusinessHours.of(deployment);
            this.clocks = DynamoPunchClockStore.of(deployment);
            this.records = new DynamoTimeRecords(deployment.db(), tables.time(), deployment.cursors());
            this.periods = new PeriodService(
                    new DynamoPeriodStore(deployment.db(), tables.time(), tables.audit()),
                    clock,
                    () -> UUID.randomUUID().toString());
            this.corrections = new CorrectionService(
                    new DynamoCorrectionStore(
                            deployment.db(),
                            tables.time(),
                            tables.audit(),
                            deployment.cursors(),
                            date -> DailyFiles.sessionsChanging(tables.time(), date)),
                    hours,
                    clock,
                    () -> UUID.randomUUID().toString());
            var employees = new DynamoEmployeeStore(
                    deployment.db(),
                    tables.employees(),
                    deployment.sessions(),
                    tables.audit(),
                    tables.time(),
                    deployment.cursors());
            this.dailyFiles = new DailyFiles(
                    deployment.db(),
                    tables.time(),
                    employees::findAll,
                    () -> S3Clients.s3(deployment.environment()),
                    // Read when a corrected date's file is written: the other routes work without a bucket.
                    tables::requiredExportBucket);
        }

        ApiResponse timesheet(ApiRequest request) {
            Principal caller = request.principal();
            String employeeId = QueryParameters.id(request, "employee_id").orElse(caller.employeeId());
            if (employeeId == null) {
                throw new ValidationException("employee_id", "is required");
            }
            IsoWeek week = IsoWeek.parse("week", request.queryParameter("week").orElse(null));
            Week days = week(caller, employeeId, week);
            return days.answer(periods.timesheet(employeeId, week));
        }

        ApiResponse submit(ApiRequest request) {
            noBody(request);
            Principal caller = request.principal();
            String employeeId = request.pathParameter("employee_id");
            Week days = week(caller, employeeId, week(request));
            return days.answer(periods.submit(caller, employeeId, days.week()));
        }

        ApiResponse approve(ApiRequest request) {
            noBody(request);
            Principal caller = request.principal();
            String employeeId = request.pathParameter("employee_id");
            Week days = week(caller, employeeId, week(request));
            return days.answer(periods.approve(caller, employeeId, days.week()));
        }

        ApiResponse reopen(ApiRequest request) {
            JsonFields fields = JsonFields.parse(request.body(), REOPEN_FIELDS);
            String reason = fields.text("reason");
            fields.done();
            Principal caller = request.principal();
            String employeeId = request.pathParameter("employee_id");
            Week days = week(caller, employeeId, week(request));
            return days.answer(periods.reopen(caller, employeeId, days.week(), reason));
        }

        ApiResponse lock(ApiRequest request) {
            return ApiResponse.json(200, PeriodJson.lock(periods.lock()));
        }

        ApiResponse moveLock(ApiRequest request) {
            JsonFields fields = JsonFields.parse(request.body(), LOCK_FIELDS);
            String through = fields.text("through");
            String reason = fields.text("reason");
            fields.done();
            if (through == null) {
                throw new ValidationException("through", "is required");
            }
            LocalDate date = DateRange.date("through", through);
            PeriodService.LockMove move = periods.moveLock(request.principal(), date, reason);
            return ApiResponse.json(move.first() ? 201 : 200, PeriodJson.lock(move.lock()));
        }

        ApiResponse corrections(ApiRequest request) {
            LocalDate from = request.queryParameter("from")
                    .map(text -> DateRange.date("from", text))
                    .orElse(null);
            LocalDate to = request.queryParameter("to")
                    .map(text -> DateRange.date("to", text))
                    .orElse(null);
            if (from != null && to != null) {
                new DateRange(from, to);
            }
            CorrectionStatus status = request.queryParameter("status")
                    .map(text -> {
                        try {
                            return CorrectionStatus.fromWire(text);
                        } catch (IllegalArgumentException e) {
                            throw new ValidationException("status", "must be pending, applied or rejected");
                        }
                    })
                    .orElse(null);
            CorrectionFilter filter = new CorrectionFilter(
                    QueryParameters.id(request, "employee_id").orElse(null), status, from, to);
            return ApiResponse.json(
                    200,
                    PageJson.write(
                            corrections.list(request.principal(), filter, QueryParameters.page(request)),
                            CorrectionJson::correction));
        }

        ApiResponse requestCorrection(ApiRequest request) {
            Principal caller = request.principal();
            return ApiResponse.json(
                    201,
                    CorrectionJson.correction(derivedFollow(
                            corrections.request(caller, CorrectionJson.input(request.body(), caller.employeeId())))));
        }

        ApiResponse approveCorrection(ApiRequest request) {
            return ApiResponse.json(
                    200,
                    CorrectionJson.correction(derivedFollow(
                            corrections.approve(request.principal(), correctionId(request), note(request)))));
        }

        /**
         * An applied correction of a date whose daily file was written has marked it stale in its own transaction;
         * the file and aggregate are written again here, before the answer, so that the daily report, the stored
         * aggregate and the file agree with the sessions as soon as the client has its answer, however old the date.
         * The correction stands if this fails: the aggregate stays stale, so the reports add up the sessions instead,
         * and the failure is logged for an operator's backfill ({@code events/aggregation-backfill.json}).
         */
        private Correction derivedFollow(Correction correction) {
            if (correction.status() == CorrectionStatus.APPLIED) {
                try {
                    dailyFiles.rewriteIfStale(correction.workDate());
                } catch (RuntimeException failed) {
                    Log.warn(
                            "Daily file not rewritten after a correction; it stays marked stale",
                            "date",
                            correction.workDate(),
                            "correction_id",
                            correction.id(),
                            "error",
                            failed.toString());
                }
            }
            return correction;
        }

        ApiResponse rejectCorrection(ApiRequest request) {
            return ApiResponse.json(
                    200,
                    CorrectionJson.correction(
                            corrections.reject(request.principal(), correctionId(request), note(request))));
        }

        private static String correctionId(ApiRequest request) {
            return Identifiers.require("id", request.pathParameter("id"));
        }

        /** A decision's body: {@code {"note"}}, or none at all for an approval without a note. */
        private static String note(ApiRequest request) {
            if (request.body() == null || request.body().isBlank()) {
                return null;
            }
            JsonFields fields = JsonFields.parse(request.body(), APPROVE_FIELDS);
            String note = fields.text("note");
            fields.done();
            return note;
        }

        private static IsoWeek week(ApiRequest request) {
            return IsoWeek.parse("week", request.pathParameter("week"));
        }

        /** Approval routes take no body; one with any field is refused like any unknown field. */
        private static void noBody(ApiRequest request) {
            if (request.body() != null && !request.body().isBlank()) {
                JsonFields.parse(request.body(), Set.of()).done();
            }
        }

        /**
         * The employee's days of the week (dates in their zone, as every work date is); employees only their own,
         * checked before anything is read, so another's week looks the same whether it exists or not.
         */
        private Week week(Principal caller, String employeeId, IsoWeek week) {
            AccessRules.requireSelfOrRole(caller, employeeId, Role.ADMIN, Role.MANAGER);
            PunchClock punchClock = clocks.read(employeeId, caller)
                    .orElseThrow(() -> new NotFoundException("No employee has id " + employeeId));
            BusinessHoursTimeline timeline = hours.get();
            // One session per work date: a week is at most 7, in one page.
            List<WorkSession> days = records.sessions(
                            punchClock,
                            new DateRange(week.monday(), week.sunday()),
                            PageRequest.first(PageRequest.MAX_LIMIT),
                            timeline,
                            clock.instant())
                    .items();
            return new Week(week, days, TimesheetTotals.of(days, timeline), periods.lock());
        }
    }

    private record Week(IsoWeek week, List<WorkSession> days, TimesheetTotals totals, PayPeriodLock lock) {
        /** The sheet as it is after the request, so an approval shows its days locked at once. */
        ApiResponse answer(Timesheet sheet) {
            return ApiResponse.json(
                    200, PeriodJson.timesheet(sheet, days, totals, new ClosedDates(lock, List.of(sheet))));
        }
    }
}
