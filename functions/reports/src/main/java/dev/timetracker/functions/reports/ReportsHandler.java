package dev.timetracker.functions.reports;

import static dev.timetracker.domain.access.Role.ADMIN;
import static dev.timetracker.domain.access.Role.MANAGER;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.dynamodb.CachedBusinessHours;
import dev.timetracker.adapters.dynamodb.CursorCodec;
import dev.timetracker.adapters.dynamodb.DynamoBusinessHoursStore;
import dev.timetracker.adapters.dynamodb.DynamoEmployeeStore;
import dev.timetracker.adapters.http.Access;
import dev.timetracker.adapters.http.ApiRequest;
import dev.timetracker.adapters.http.ApiResponse;
import dev.timetracker.adapters.http.HttpFunction;
import dev.timetracker.adapters.http.Log;
import dev.timetracker.adapters.http.QueryParameters;
import dev.timetracker.adapters.http.Router;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.json.JsonFields;
import dev.timetracker.adapters.json.ReportJson;
import dev.timetracker.adapters.report.DynamoReportStore;
import dev.timetracker.adapters.report.ExportJobs;
import dev.timetracker.adapters.report.RangeExport;
import dev.timetracker.adapters.s3.S3Clients;
import dev.timetracker.adapters.s3.S3Links;
import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.Identifiers;
import dev.timetracker.domain.NotFoundException;
import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.RetryLaterException;
import dev.timetracker.domain.employee.Employee;
import dev.timetracker.domain.employee.EmployeeFilter;
import dev.timetracker.domain.report.DailyPage;
import dev.timetracker.domain.report.DayTotals;
import dev.timetracker.domain.report.ExportJob;
import dev.timetracker.domain.report.Report;
import dev.timetracker.domain.report.ReportService;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reports for admins and managers: {@code /api/reports/...}. Figures come from the nightly job's daily
 * aggregates and final sessions, and from the punch clocks for what is not final yet, all through keys and
 * indexes. CSV exports small enough to write within the request answer 201 with a link; larger ones are
 * handed to the export worker (202) and polled at {@code /api/reports/exports/{id}/}. Shaped as every handler is:
 * docs/handlers.md.
 */
public final class ReportsHandler extends HttpFunction {
    /** API Gateway gives a request 30 s; this many rows stream to S3 in a few seconds. */
    static final long INLINE_EXPORT_ROWS = 20_000;

    private static final int MAX_EXPORT_EMPLOYEES = 1_000;

    /**
     * This function's configuration: its deployment (whose tables name the export bucket) and the S3 client and
     * download links, built on first use: the overview and the other reports never need them, and building them is
     * a third of this function's cold start (bench/).
     */
    public record Config(Deployment deployment, Supplier<S3Client> s3, Supplier<S3Links> links) {
        /** The function's own S3 client and presigner, links valid for EXPORT_LINK_SECONDS (900 by default). */
        public static Config of(Deployment deployment) {
            Environment environment = deployment.environment();
            return new Config(
                    deployment,
                    () -> S3Clients.s3(environment),
                    () -> new S3Links(
                            S3Clients.presigner(environment),
                            Duration.ofSeconds(environment.integer("EXPORT_LINK_SECONDS", 900))));
        }

        public Config withS3(S3Client client) {
            return new Config(deployment, () -> client, links);
        }

        public Config withLinks(S3Links otherLinks) {
            return new Config(deployment, s3, () -> otherLinks);
        }
    }

    /** What the Lambda runtime calls. */
    public ReportsHandler() {
        this(Config.of(Deployment.fromEnvironment(Environment.process())));
    }

    /** This function's configuration: the process's in AWS, its own template block in the local stack and tests. */
    public ReportsHandler(Config config) {
        super(
                routes(new Endpoints(
                        config.deployment().requiring("TIME_TABLE"), memoized(config.s3()), memoized(config.links()))),
                config.deployment());
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

    /** Every route of this function: method, path, who may call it, endpoint. */
    private static Router routes(Endpoints endpoints) {
        return new Router()
                .route("GET", "/api/reports/overview/", Access.roles(ADMIN, MANAGER), endpoints::overview)
                .route("GET", "/api/reports/employees/", Access.roles(ADMIN, MANAGER), endpoints::employees)
                .route("GET", "/api/reports/daily/", Access.roles(ADMIN, MANAGER), endpoints::daily)
                .route("POST", "/api/reports/export/csv/", Access.roles(ADMIN, MANAGER), endpoints::export)
                .route(
                        "GET",
                        "/api/reports/exports/{export_id}/",
                        Access.roles(ADMIN, MANAGER),
                        endpoints::exportStatus);
    }

    /**
     * An admin asking for the daily figures of an employee that does not exist (token check, the clock's
     * BatchGetItem: 404) and for an export that does not exist (404).
     */
    @Override
    protected void prime(dev.timetracker.adapters.http.Priming priming) {
        String nobody = dev.timetracker.adapters.auth.PrimingCredentials.NO_SUCH_ID;
        priming.request("GET", "/api/reports/daily/?employee_id=" + nobody, null, ADMIN, 404);
        priming.request("GET", "/api/reports/exports/" + nobody + "/", null, ADMIN, 404);
    }

    private static final class Endpoints {
        private static final Set<String> EXPORT_FIELDS = Set.of("from", "to", "employee_ids");

        private final ReportService reports;
        private final DynamoEmployeeStore employees;
        private final ExportJobs jobs;
        private final RangeExport rangeExport;
        private final Supplier<S3Links> links;
        private final String bucket;
        private final CursorCodec cursors;
        private final Clock clock;

        Endpoints(Deployment deployment, Supplier<S3Client> s3, Supplier<S3Links> links) {
            var tables = deployment.tables();
            String bucket = tables.requiredExportBucket();
            DynamoDbClient db = deployment.db();
            this.clock = deployment.clock();
            this.cursors = deployment.cursors();
            var hours = new CachedBusinessHours(
                    new DynamoBusinessHoursStore(db, tables.employees(), tables.audit(), cursors), clock);
            this.reports = new ReportService(new DynamoReportStore(db, tables.time()), hours, clock);
            this.employees = new DynamoEmployeeStore(
                    db, tables.employees(), deployment.sessions(), tables.audit(), tables.time(), cursors);
            this.jobs = new ExportJobs(db, tables.exports());
            this.rangeExport = new RangeExport(db, tables.time(), employees, hours, s3, bucket, clock);
            this.links = links;
            this.bucket = bucket;
        }

        ApiResponse overview(ApiRequest request) {
            LocalDate date = request.queryParameter("date")
                    .map(d -> DateRange.date("date", d))
                    .orElseGet(reports::today);
            return ApiResponse.json(200, ReportJson.overview(reports.overview(date)));
        }

        ApiResponse daily(ApiRequest request) {
            DateRange range = range(request);
            String employeeId = QueryParameters.id(request, "employee_id").orElse(null);
            Report<List<DayTotals>> report =
                    employeeId == null ? reports.daily(range) : reports.daily(range, employeeId);
            PageRequest page = QueryParameters.page(request);
            String listing = page.listing("daily/" + range.from() + "/" + range.to() + "/" + employeeId);
            String start = cursors.decodeField(listing, page.cursor(), "date");
            DailyPage days = DailyPage.of(
                    report.figures(), start == null ? range.from() : DateRange.date("cursor", start), page.limit());
            String next = days.next() == null
                    ? null
                    : cursors.encodeField(listing, "date", days.next().toString());
            return ApiResponse.json(200, ReportJson.daily(days.items(), next, report));
        }

        ApiResponse employees(ApiRequest request) {
            DateRange range = range(request);
            Page<Employee> page = employees.list(new EmployeeFilter(null, null), QueryParameters.page(request));
            return ApiResponse.json(
                    200, ReportJson.employees(reports.employees(page.items(), range), page.nextCursor()));
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
                ids.stream()
                        .filter(id -> !Identifiers.isValid(id))
                        .findFirst()
                        .ifPresent(id -> Identifiers.check(fields.errors(), "employee_ids", id));
            }
            fields.done();
            // Everything is checked before the job is written: a refused request leaves no job for the worker.
            DateRange range = new DateRange(DateRange.date("from", from), DateRange.date("to", to));
            ExportJob job = new ExportJob(
                    UUID.randomUUID().toString(),
                    ExportJob.Status.PENDING,
                    range,
                    ids == null ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(ids)),
                    request.principal().subjectId(),
                    clock.instant(),
                    null,
                    0,
                    null,
                    0);
            if (rangeExport.estimateRows(range, job.employeeIds()) > INLINE_EXPORT_ROWS) {
                jobs.save(job, clock.instant());
                Log.info("Export handed to the export worker", "export_id", job.id());
                return ApiResponse.json(
                        202, Json.object().put("export_id", job.id()).put("status", "pending"));
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
                jobs.save(
                        job.failed("The file could not be written to storage; nothing was kept. Try the export again."),
                        null);
                throw new RetryLaterException(
                        RetryLaterException.Reason.DEPENDENCY_UNAVAILABLE,
                        "The export " + job.id() + " failed while writing the file; try again",
                        Duration.ofSeconds(5));
            } catch (RuntimeException bug) {
                // Not the worker's to retry: the same job would fail the same way and end with a misleading error.
                jobs.save(
                        job.failed("The export failed on our side; nothing was kept. Please report export " + job.id()
                                + "."),
                        null);
                throw bug;
            }
        }

        ApiResponse exportStatus(ApiRequest request) {
            String id = request.pathParameter("export_id");
            ExportJob job =
                    jobs.find(id, clock.instant()).orElseThrow(() -> new NotFoundException("No export has id " + id));
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
            LocalDate today = reports.today();
            return DateRange.parse(
                    request.queryParameter("from").orElse(null),
                    request.queryParameter("to").orElse(null),
                    today);
        }
    }
}
