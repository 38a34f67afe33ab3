package dev.timetracker.functions.employees;

import static dev.timetracker.domain.access.Role.ADMIN;
import static dev.timetracker.domain.access.Role.MANAGER;

import dev.timetracker.adapters.auth.PrimingCredentials;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.dynamodb.DynamoBusinessHoursStore;
import dev.timetracker.adapters.dynamodb.DynamoEmployeeStore;
import dev.timetracker.adapters.dynamodb.DynamoPeriodStore;
import dev.timetracker.adapters.http.Access;
import dev.timetracker.adapters.http.ApiRequest;
import dev.timetracker.adapters.http.ApiResponse;
import dev.timetracker.adapters.http.HttpFunction;
import dev.timetracker.adapters.http.Priming;
import dev.timetracker.adapters.http.QueryParameters;
import dev.timetracker.adapters.http.Router;
import dev.timetracker.adapters.json.BusinessHoursJson;
import dev.timetracker.adapters.json.EmployeeJson;
import dev.timetracker.adapters.json.PageJson;
import dev.timetracker.adapters.password.Pbkdf2PasswordHasher;
import dev.timetracker.domain.ForbiddenException;
import dev.timetracker.domain.TextLimits;
import dev.timetracker.domain.access.AccessRules;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.employee.EmailAddress;
import dev.timetracker.domain.employee.Employee;
import dev.timetracker.domain.employee.EmployeeFilter;
import dev.timetracker.domain.employee.EmployeeService;
import dev.timetracker.domain.hours.BusinessHoursService;
import java.util.UUID;

/**
 * Employees and business hours: {@code /api/employees/...}. Admins change them, managers read them, an
 * employee reads their own record and the business hours in force. Shaped as every handler is: docs/handlers.md.
 */
public final class EmployeesHandler extends HttpFunction {
    /** What the Lambda runtime calls. */
    public EmployeesHandler() {
        this(Deployment.fromEnvironment(Environment.process()));
    }

    /** This function's deployment: the process's in AWS, its own template block in the local stack and tests. */
    public EmployeesHandler(Deployment deployment) {
        super(routes(new Endpoints(deployment.requiring("EMPLOYEES_TABLE"))), deployment);
    }

    /** Every route of this function: method, path, who may call it, endpoint. */
    private static Router routes(Endpoints endpoints) {
        return new Router()
                .route("GET", "/api/employees/", Access.roles(ADMIN, MANAGER), endpoints::list)
                .route("POST", "/api/employees/", Access.roles(ADMIN), endpoints::create)
                .route("GET", "/api/employees/by_email/", Access.ANY_ROLE, endpoints::byEmail)
                .route("GET", "/api/employees/{id}/", Access.ANY_ROLE, endpoints::get)
                .route("PUT", "/api/employees/{id}/", Access.roles(ADMIN), endpoints::update)
                .route("DELETE", "/api/employees/{id}/", Access.roles(ADMIN), endpoints::deactivate)
                .route("GET", "/api/employees/business-hours/current/", Access.ANY_ROLE, endpoints::currentHours)
                .route("GET", "/api/employees/business-hours/", Access.roles(ADMIN, MANAGER), endpoints::hoursHistory)
                .route("POST", "/api/employees/business-hours/", Access.roles(ADMIN), endpoints::createHours);
    }

    /**
     * An admin setting a new password for an employee that does not exist (token check, JSON binding, the
     * password's PBKDF2 hash with the real work factor, which the update computes before its read, then the read:
     * 404), an employee reading their own record that does not exist (404), and the token checks every change
     * writes with, as a transaction that its conditions refuse.
     */
    @Override
    protected void prime(Priming priming) {
        String employee = "/api/employees/" + PrimingCredentials.NO_SUCH_ID + "/";
        priming.request("PUT", employee, "{\"password\":\"snapstart priming, never stored\"}", Role.ADMIN, 404);
        priming.request("GET", employee, null, Role.EMPLOYEE, 404);
        priming.refusedTransaction();
    }

    private static final class Endpoints {
        private final BusinessHoursService hours;
        private final EmployeeService employees;

        Endpoints(Deployment deployment) {
            var tables = deployment.tables();
            var periods = new DynamoPeriodStore(deployment.db(), tables.time(), tables.audit());
            this.hours = new BusinessHoursService(
                    new DynamoBusinessHoursStore(
                            deployment.db(), tables.employees(), tables.audit(), deployment.cursors(), tables.time()),
                    deployment.clock(),
                    () -> UUID.randomUUID().toString(),
                    () -> periods.lock().lock());
            this.employees = new EmployeeService(
                    new DynamoEmployeeStore(
                            deployment.db(),
                            tables.employees(),
                            deployment.sessions(),
                            tables.audit(),
                            tables.time(),
                            deployment.cursors()),
                    hours,
                    Pbkdf2PasswordHasher.configured(deployment.environment()),
                    deployment.clock(),
                    () -> UUID.randomUUID().toString());
        }

        ApiResponse list(ApiRequest request) {
            var filter = new EmployeeFilter(
                    QueryParameters.bool(request, "active"),
                    QueryParameters.text(request, "department", TextLimits.NAME).orElse(null));
            return ApiResponse.json(
                    200, PageJson.write(employees.list(filter, QueryParameters.page(request)), EmployeeJson::write));
        }

        ApiResponse create(ApiRequest request) {
            return ApiResponse.json(
                    201,
                    EmployeeJson.write(employees.create(
                            EmployeeJson.readCreate(request.body()),
                            request.principal().actor())));
        }

        ApiResponse get(ApiRequest request) {
            String id = request.pathParameter("id");
            // Checked before the read, so an employee cannot even learn which ids exist.
            AccessRules.requireSelfOrRole(request.principal(), id, ADMIN, MANAGER);
            return ApiResponse.json(200, EmployeeJson.write(employees.get(id)));
        }

        /**
         * An employee may only look up their own address; any other gets 403 whether or not it exists, so the
         * route cannot tell an employee which addresses are in use.
         */
        ApiResponse byEmail(ApiRequest request) {
            String email = QueryParameters.requiredText(request, "email", TextLimits.EMAIL);
            Principal caller = request.principal();
            if (caller.hasRole(ADMIN, MANAGER)) {
                return ApiResponse.json(200, EmployeeJson.write(employees.byEmail(email)));
            }
            Employee own = employees.get(caller.employeeId());
            if (!own.emailKey().equals(EmailAddress.key(email))) {
                throw new ForbiddenException("You may only access your own records");
            }
            return ApiResponse.json(200, EmployeeJson.write(own));
        }

        ApiResponse update(ApiRequest request) {
            return ApiResponse.json(
                    200,
                    EmployeeJson.write(employees.update(
                            request.pathParameter("id"),
                            EmployeeJson.readUpdate(request.body()),
                            request.principal().actor())));
        }

        ApiResponse deactivate(ApiRequest request) {
            employees.deactivate(
                    request.pathParameter("id"), request.principal().actor());
            return ApiResponse.noContent();
        }

        ApiResponse currentHours(ApiRequest request) {
            return ApiResponse.json(200, BusinessHoursJson.write(hours.current()));
        }

        ApiResponse hoursHistory(ApiRequest request) {
            return ApiResponse.json(
                    200, PageJson.write(hours.history(QueryParameters.page(request)), BusinessHoursJson::write));
        }

        ApiResponse createHours(ApiRequest request) {
            return ApiResponse.json(
                    201,
                    BusinessHoursJson.write(hours.create(
                            BusinessHoursJson.read(request.body()),
                            request.principal().actor())));
        }
    }
}
