package dev.timetracker.local.template;

/** An HttpApi event of a function: API Gateway's route key is {@code METHOD path}. */
public record HttpRoute(String method, String path, String functionId) {
    public String routeKey() {
        return method + " " + path;
    }
}
