package dev.timetracker.functions.employees;

import dev.timetracker.adapters.config.Keys;
import dev.timetracker.adapters.config.Tables;
import dev.timetracker.adapters.dynamodb.CursorCodec;
import dev.timetracker.adapters.dynamodb.DynamoBusinessHoursStore;
import dev.timetracker.adapters.dynamodb.DynamoClients;
import dev.timetracker.adapters.dynamodb.DynamoEmployeeStore;
import dev.timetracker.adapters.http.ApiRequest;
import dev.timetracker.adapters.http.ApiResponse;
import dev.timetracker.adapters.http.HttpFunction;
import dev.timetracker.adapters.http.QueryParameters;
import dev.timetracker.adapters.http.Router;
import dev.timetracker.adapters.json.BusinessHoursJson;
import dev.timetracker.adapters.json.EmployeeJson;
import dev.timetracker.adapters.json.PageJson;
import dev.timetracker.domain.employee.EmployeeFilter;
import dev.timetracker.domain.employee.EmployeeService;
import dev.timetracker.domain.hours.BusinessHoursService;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.UUID;

/** Employees and business hours: {@code /api/employees/...}. */
public final class EmployeesHandler extends HttpFunction {

    /** What the Lambda runtime calls: collaborators from the environment template.yaml sets. */
    public EmployeesHandler() {
        this(DynamoClients.shared(), Tables.employees(), new CursorCodec(Keys.cursorKey()), Clock.systemUTC());
    }

    public EmployeesHandler(DynamoDbClient db, String employeesTable, CursorCodec cursors, Clock clock) {
        this(new Endpoints(
                new BusinessHoursService(new DynamoBusinessHoursStore(db, employeesTable, cursors), clock,
                        () -> UUID.randomUUID().toString()),
                db, employeesTable, cursors, clock));
    }

    private EmployeesHandler(Endpoints endpoints) {
        super(new Router()
                .route("GET", "/api/employees/", endpoints::list)
                .route("POST", "/api/employees/", endpoints::create)
                .route("GET", "/api/employees/by_email/", endpoints::byEmail)
                .route("GET", "/api/employees/{id}/", endpoints::get)
                .route("PUT", "/api/employees/{id}/", endpoints::update)
                .route("DELETE", "/api/employees/{id}/", endpoints::deactivate)
                .route("GET", "/api/employees/business-hours/current/", endpoints::currentHours)
                .route("GET", "/api/employees/business-hours/", endpoints::hoursHistory)
                .route("POST", "/api/employees/business-hours/", endpoints::createHours));
    }

    private static final class Endpoints {
        private final BusinessHoursService hours;
        private final EmployeeService employees;

        Endpoints(BusinessHoursService hours, DynamoDbClient db, String table, CursorCodec cursors, Clock clock) {
            this.hours = hours;
            this.employees = new EmployeeService(new DynamoEmployeeStore(db, table, cursors), hours, clock,
                    () -> UUID.randomUUID().toString());
        }

        ApiResponse list(ApiRequest request) {
            var filter = new EmployeeFilter(QueryParameters.bool(request, "active"),
                    request.queryParameter("department").orElse(null));
            return ApiResponse.json(200, PageJson.write(employees.list(filter, QueryParameters.page(request)),
                    EmployeeJson::write));
        }

        ApiResponse create(ApiRequest request) {
            return ApiResponse.json(201, EmployeeJson.write(employees.create(EmployeeJson.readCreate(request.body()))));
        }

        ApiResponse get(ApiRequest request) {
            return ApiResponse.json(200, EmployeeJson.write(employees.get(request.pathParameter("id"))));
        }

        ApiResponse byEmail(ApiRequest request) {
            return ApiResponse.json(200, EmployeeJson.write(
                    employees.byEmail(QueryParameters.requiredText(request, "email"))));
        }

        ApiResponse update(ApiRequest request) {
            return ApiResponse.json(200, EmployeeJson.write(
                    employees.update(request.pathParameter("id"), EmployeeJson.readUpdate(request.body()))));
        }

        ApiResponse deactivate(ApiRequest request) {
            employees.deactivate(request.pathParameter("id"));
            return ApiResponse.noContent();
        }

        ApiResponse currentHours(ApiRequest request) {
            return ApiResponse.json(200, BusinessHoursJson.write(hours.current()));
        }

        ApiResponse hoursHistory(ApiRequest request) {
            return ApiResponse.json(200, PageJson.write(hours.history(QueryParameters.page(request)),
                    BusinessHoursJson::write));
        }

        ApiResponse createHours(ApiRequest request) {
            return ApiResponse.json(201, BusinessHoursJson.write(
                    hours.create(BusinessHoursJson.read(request.body()), "system")));
        }
    }
}
