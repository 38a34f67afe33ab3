package dev.timetracker.functions.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import dev.timetracker.adapters.auth.PrimingCredentials;
import dev.timetracker.adapters.auth.SessionStore;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.dynamodb.DynamoAuditStore;
import dev.timetracker.adapters.http.Access;
import dev.timetracker.adapters.http.ApiRequest;
import dev.timetracker.adapters.http.ApiResponse;
import dev.timetracker.adapters.http.HttpFunction;
import dev.timetracker.adapters.http.Log;
import dev.timetracker.adapters.http.Priming;
import dev.timetracker.adapters.http.QueryParameters;
import dev.timetracker.adapters.http.Router;
import dev.timetracker.adapters.json.AuditJson;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.json.JsonFields;
import dev.timetracker.adapters.json.PageJson;
import dev.timetracker.adapters.password.Pbkdf2PasswordHasher;
import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.DomainException;
import dev.timetracker.domain.TextLimits;
import dev.timetracker.domain.ValidationException;
import dev.timetracker.domain.access.AdminUserInput;
import dev.timetracker.domain.access.AdminUserService;
import dev.timetracker.domain.access.LoginService;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.audit.AuditFilter;
import dev.timetracker.domain.audit.AuditStore;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Login, logout, admin users and the audit trail: {@code /api/auth/...} and {@code /api/audit/}. It also
 * answers API Gateway's {@code $default} route (unknown paths get a problem+json 404), and the one-time
 * bootstrap of the first admin, invoked directly by an operator (never reachable through the API). Shaped as
 * every handler is: docs/handlers.md.
 */
public final class AuthHandler extends HttpFunction {
    private final Pbkdf2PasswordHasher passwords;
    private final AdminUserService adminUsers;

    /**
     * This function's configuration: its deployment, its password hashing and the private key it signs with, by
     * default the AWSCURRENT version of the signing-key secret (judged by the deployment's clock); tests may fix the
     * key.
     *
     * @param passwords hashing at the work factor template.yaml gives this function (PasswordHashIterations); one
     *     instance for the endpoints, the bootstrap and the priming
     * @param fixedSigningKey always this key, or null for the secret's current version
     */
    public record Config(Deployment deployment, Pbkdf2PasswordHasher passwords, ECKey fixedSigningKey) {
        public static Config of(Deployment deployment) {
            return new Config(deployment, Pbkdf2PasswordHasher.configured(deployment.environment()), null);
        }

        public Config withSigningKey(ECKey key) {
            return new Config(deployment, passwords, key);
        }

        TokenIssuer.SigningKeys signingKeys() {
            return fixedSigningKey == null
                    ? TokenIssuer.fromSecret(deployment.environment(), deployment.clock())
                    : TokenIssuer.fixed(fixedSigningKey);
        }
    }

    /** What the Lambda runtime calls. */
    public AuthHandler() {
        this(Config.of(Deployment.fromEnvironment(Environment.process())));
    }

    /** This function's configuration: the process's in AWS, its own template block in the local stack and tests. */
    public AuthHandler(Config config) {
        super(
                routes(new Endpoints(
                        config.deployment().requiring("AUTH_TABLE"), config.signingKeys(), config.passwords())),
                config.deployment());
        this.passwords = config.passwords();
        // The bootstrap is a direct invocation, not a route: its own (stateless) service over the same store.
        this.adminUsers = adminUsers(config.deployment(), passwords);
    }

    /** Every route of this function: method, path, who may call it, endpoint. */
    private static Router routes(Endpoints endpoints) {
        return new Router()
                .route("POST", "/api/auth/login/", Access.PUBLIC, endpoints::login)
                .route("POST", "/api/auth/logout/", Access.ANY_ROLE, endpoints::logout)
                .route("GET", "/api/auth/admin-users/", Access.roles(Role.ADMIN), endpoints::listAdminUsers)
                .route("POST", "/api/auth/admin-users/", Access.roles(Role.ADMIN), endpoints::createAdminUser)
                .route("PUT", "/api/auth/admin-users/{id}/", Access.roles(Role.ADMIN), endpoints::updateAdminUser)
                .route(
                        "DELETE",
                        "/api/auth/admin-users/{id}/",
                        Access.roles(Role.ADMIN),
                        endpoints::deactivateAdminUser)
                .route("GET", "/api/audit/", Access.roles(Role.ADMIN), endpoints::audit);
    }

    /**
     * {@code {"bootstrap_admin": {"username", "email", "password"}}}: creates the first admin once; every later
     * call is refused. Passwords are never logged.
     */
    @Override
    protected JsonNode handleDirectInvocation(JsonNode event) {
        JsonNode request = event == null ? null : event.get("bootstrap_admin");
        if (request == null || !request.isObject()) {
            return super.handleDirectInvocation(event);
        }
        try {
            var user = adminUsers.bootstrap(new AdminUserInput(
                    text(request, "username"), text(request, "email"), text(request, "password"), Role.ADMIN.wire()));
            Log.info("First admin created", "admin_id", user.id(), "username", user.username());
            return Json.object().put("created", true).put("id", user.id()).put("username", user.username());
        } catch (DomainException refused) {
            return Json.object().put("created", false).put("error", refused.detail());
        }
    }

    /**
     * An admin changing an admin user that does not exist (token check, JSON binding, the lookup: 404), the audit
     * trail of an employee that does not exist (a Query: an empty page), a login refused by validation (no attempt
     * is counted, since counting one writes). Password hashing runs on its own: the real login path counts the
     * attempt in the table before it hashes, so priming cannot take it without leaving data behind.
     */
    @Override
    protected void prime(Priming priming) {
        priming.request(
                "PUT",
                "/api/auth/admin-users/" + PrimingCredentials.NO_SUCH_ID + "/",
                "{\"email\":\"priming@example.invalid\"}",
                Role.ADMIN,
                404);
        priming.request(
                "GET",
                "/api/audit/?entity_type=employee&entity_id=" + PrimingCredentials.NO_SUCH_ID,
                null,
                Role.ADMIN,
                200);
        priming.request("POST", "/api/auth/login/", "{\"username\":\"\",\"password\":\"\"}", null, 400);
        priming.warmUp(
                "PBKDF2 hash and check, " + passwords.iterations() + " iterations",
                () -> passwords.matches(PRIMING_PASSWORD, passwords.hash(PRIMING_PASSWORD)));
    }

    private static final String PRIMING_PASSWORD = "snapstart priming, never stored";

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static AdminUserService adminUsers(Deployment deployment, Pbkdf2PasswordHasher passwords) {
        var tables = deployment.tables();
        return new AdminUserService(
                new DynamoAdminUserStore(
                        deployment.db(),
                        deployment.sessions(),
                        tables.audit(),
                        tables.employees(),
                        deployment.cursors()),
                passwords,
                deployment.clock(),
                () -> UUID.randomUUID().toString());
    }

    private static final class Endpoints {
        private static final Set<String> LOGIN_FIELDS = Set.of("username", "password");

        private final SessionStore sessions;
        private final String timeTable;
        private final LoginService logins;
        private final AdminUserService adminUsers;
        private final AuditStore audit;

        Endpoints(Deployment deployment, TokenIssuer.SigningKeys signingKeys, Pbkdf2PasswordHasher passwords) {
            var db = deployment.db();
            var tables = deployment.tables();
            Clock clock = deployment.clock();
            this.sessions = deployment.sessions();
            this.timeTable = tables.time();
            this.logins = new LoginService(
                    new DynamoAccountDirectory(db, tables.auth(), tables.employees()),
                    new DynamoLoginAttempts(db, tables.auth()),
                    passwords,
                    new TokenIssuer(signingKeys, deployment.tokenSettings(), clock),
                    clock);
            this.adminUsers = adminUsers(deployment, passwords);
            this.audit = new DynamoAuditStore(db, tables.audit(), deployment.cursors());
        }

        ApiResponse login(ApiRequest request) {
            JsonFields fields = JsonFields.parse(request.body(), LOGIN_FIELDS);
            String username = fields.text("username");
            String password = fields.text("password");
            if (username == null || username.isEmpty()) {
                fields.errors().add("username", "is required");
            }
            if (password == null || password.isEmpty()) {
                fields.errors().add("password", "is required");
            }
            // Bounded before the throttle or the directory see them: a login name is part of their keys.
            TextLimits.checkLine(fields.errors(), "username", username, TextLimits.LOGIN);
            if (password != null && TextLimits.length(password) > TextLimits.PASSWORD_MAX) {
                fields.errors().add("password", "must be at most " + TextLimits.PASSWORD_MAX + " characters long");
            }
            fields.done(); // throws the 400 unless both are present
            var result = logins.login(
                    Objects.requireNonNull(username), Objects.requireNonNull(password), request.sourceIp());
            ObjectNode body = Json.object();
            body.put("access_token", result.token().token());
            body.put("token_type", "Bearer");
            body.put("expires_in", result.token().lifetime().toSeconds());
            ObjectNode user = body.putObject("user");
            user.put("id", result.account().subjectId());
            user.put("username", result.account().username());
            user.put("role", result.account().role().wire());
            user.put("employee_id", result.account().employeeId());
            return ApiResponse.json(200, body).withHeader("cache-control", "no-store");
        }

        ApiResponse logout(ApiRequest request) {
            sessions.revoke(request.principal(), timeTable);
            return ApiResponse.noContent();
        }

        ApiResponse listAdminUsers(ApiRequest request) {
            return ApiResponse.json(
                    200, PageJson.write(adminUsers.list(QueryParameters.page(request)), AdminUserJson::write));
        }

        ApiResponse createAdminUser(ApiRequest request) {
            return ApiResponse.json(
                    201,
                    AdminUserJson.write(adminUsers.create(AdminUserJson.read(request.body()), request.principal())));
        }

        ApiResponse updateAdminUser(ApiRequest request) {
            return ApiResponse.json(
                    200,
                    AdminUserJson.write(adminUsers.update(
                            request.pathParameter("id"),
                            AdminUserJson.readChanges(request.body()),
                            request.principal())));
        }

        ApiResponse deactivateAdminUser(ApiRequest request) {
            adminUsers.deactivate(request.pathParameter("id"), request.principal());
            return ApiResponse.noContent();
        }

        ApiResponse audit(ApiRequest request) {
            LocalDate from = request.queryParameter("from")
                    .map(value -> DateRange.date("from", value))
                    .orElse(null);
            LocalDate to = request.queryParameter("to")
                    .map(value -> DateRange.date("to", value))
                    .orElse(null);
            if (from != null && to != null) {
                new DateRange(from, to);
            }
            String entityType = request.queryParameter("entity_type")
                    .filter(v -> !v.isBlank())
                    .orElse(null);
            String entityId = QueryParameters.id(request, "entity_id").orElse(null);
            if (entityType != null && !AuditJson.ENTITY_TYPES.contains(entityType)) {
                throw new ValidationException("entity_type", "must be one of " + AuditJson.ENTITY_TYPES);
            }
            return ApiResponse.json(
                    200,
                    PageJson.write(
                            audit.list(new AuditFilter(entityType, entityId, from, to), QueryParameters.page(request)),
                            AuditJson::write));
        }
    }
}
