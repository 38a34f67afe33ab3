package dev.timetracker.functions.status;

import dev.timetracker.adapters.auth.PrimingCredentials;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.dynamodb.CachedBusinessHours;
import dev.timetracker.adapters.dynamodb.DynamoPeriodStore;
import dev.timetracker.adapters.dynamodb.DynamoPunchClockStore;
import dev.timetracker.adapters.dynamodb.DynamoTimeRecords;
import dev.timetracker.adapters.http.Access;
import dev.timetracker.adapters.http.ApiRequest;
import dev.timetracker.adapters.http.ApiResponse;
import dev.timetracker.adapters.http.HttpFunction;
import dev.timetracker.adapters.http.Priming;
import dev.timetracker.adapters.http.QueryParameters;
import dev.timetracker.adapters.http.Router;
import dev.timetracker.adapters.json.PageJson;
import dev.timetracker.adapters.json.TimeJson;
import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.NotFoundException;
import dev.timetracker.domain.ValidationException;
import dev.timetracker.domain.access.AccessRules;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.access.UnconfirmedPrincipal;
import dev.timetracker.domain.period.ClosedDates;
import dev.timetracker.domain.period.PeriodService;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.PunchService;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Reading time: {@code GET /api/timetracking/status/{employee_id}/} (one DynamoDB call: the clock item, with
 * the caller's token checks in the same batch), {@code .../entries/} and {@code .../sessions/}. Shaped as every
 * handler is: docs/handlers.md.
 */
public final class StatusHandler extends HttpFunction {

    /** What the Lambda runtime calls. */
    public StatusHandler() {
        this(Deployment.fromEnvironment(Environment.process()));
    }

    /** This function's deployment: the process's in AWS, its own template block in the local stack and tests. */
    public StatusHandler(Deployment deployment) {
        super(routes(new Endpoints(deployment.requiring("TIME_TABLE"))), deployment);
    }

    /** Every route of this function: method, path, who may call it, endpoint. */
    private static Router routes(Endpoints endpoints) {
        return new Router()
                .routeCheckingSession(
                        "GET", "/api/timetracking/status/{employee_id}/", Access.ANY_ROLE, endpoints::status)
                .route("GET", "/api/timetracking/entries/", Access.ANY_ROLE, endpoints::entries)
                .route("GET", "/api/timetracking/sessions/", Access.ANY_ROLE, endpoints::sessions);
    }

    /**
     * An employee that does not exist reading their own status (one GetItem: 404) and their sessions (the token
     * check's BatchGetItem, then the clock: 404).
     */
    @Override
    protected void prime(Priming priming) {
        priming.request(
                "GET", "/api/timetracking/status/" + PrimingCredentials.NO_SUCH_ID + "/", null, Role.EMPLOYEE, 404);
        priming.request("GET", "/api/timetracking/sessions/", null, Role.EMPLOYEE, 404);
    }

    private static final class Endpoints {
        private final PunchService punches;
        private final DynamoPunchClockStore clocks;
        private final DynamoTimeRecords records;
        private final CachedBusinessHours hours;
        private final Clock clock;
        private final PeriodService periods;

        Endpoints(Deployment deployment) {
            var tables = deployment.tables();
            this.clock = deployment.clock();
            this.hours = CachedBusinessHours.of(deployment);
            this.clocks = DynamoPunchClockStore.of(deployment);
            this.punches = new PunchService(
                    clocks, hours, clock, () -> UUID.randomUUID().toString());
            this.records = new DynamoTimeRecords(deployment.db(), tables.time(), deployment.cursors());
            this.periods = new PeriodService(
                    new DynamoPeriodStore(deployment.db(), tables.time(), tables.audit()),
                    clock,
                    () -> UUID.randomUUID().toString());
        }

        /** The caller's session is checked by the status's one read (PunchService#status). */
        ApiResponse status(ApiRequest request, UnconfirmedPrincipal caller) {
            String employeeId = request.pathParameter("employee_id");
            return ApiResponse.json(200, TimeJson.status(employeeId, punches.status(caller, employeeId)));
        }

        ApiResponse entries(ApiRequest request) {
            PunchClock punchClock = clockOf(request);
            DateRange range = range(request, punchClock);
            boolean includeVoided = Boolean.TRUE.equals(QueryParameters.bool(request, "include_voided"));
            return ApiResponse.json(
                    200,
                    PageJson.write(
                            records.entries(punchClock, range, QueryParameters.page(request), includeVoided),
                            listed -> TimeJson.entry(listed.entry(), listed.voidedBy())));
        }

        ApiResponse sessions(ApiRequest request) {
            PunchClock punchClock = clockOf(request);
            DateRange range = range(request, punchClock);
            // Read before the sessions' page: a date closed meanwhile shows as closed no later than its figures.
            ClosedDates closed = periods.closedDates(punchClock.employeeId(), range);
            return ApiResponse.json(
                    200,
                    PageJson.write(
                            records.sessions(
                                    punchClock, range, QueryParameters.page(request), hours.get(), clock.instant()),
                            session -> TimeJson.session(session, closed.isClosed(session.workDate()))));
        }

        /** The clock of the requested employee; employees may only ask for their own (the default for them). */
        private PunchClock clockOf(ApiRequest request) {
            Principal caller = request.principal();
            String employeeId = QueryParameters.id(request, "employee_id").orElse(caller.employeeId());
            if (employeeId == null) {
                throw new ValidationException("employee_id", "is required");
            }
            AccessRules.requireSelfOrRole(caller, employeeId, Role.ADMIN, Role.MANAGER);
            return clocks.read(employeeId, caller)
                    .orElseThrow(() -> new NotFoundException("No employee has id " + employeeId));
        }

        /** from/to in the employee's zone; both default to today there. */
        private DateRange range(ApiRequest request, PunchClock punchClock) {
            LocalDate today = LocalDate.ofInstant(clock.instant(), punchClock.zone());
            return DateRange.parse(
                    request.queryParameter("from").orElse(null),
                    request.queryParameter("to").orElse(null),
                    today);
        }
    }
}
