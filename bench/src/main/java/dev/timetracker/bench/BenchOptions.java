package dev.timetracker.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * How much of each benchmark to run. {@code --quick} is the smoke run (well under two minutes, used by
 * {@code BenchmarkSmokeIT}); the default is the full run (about an hour on two cores).
 *
 * @param quick              the smoke run's sizes
 * @param warmUps            invocations of a route before anything of it is counted or timed
 * @param routeInvocations   timed invocations per route (and replays of its bare SDK calls)
 * @param hashingInvocations the same for routes that hash a password (600,000 PBKDF2 iterations, ~0.2 s each) or
 *                           need one hashed per invocation to set up; they are timed fewer times
 * @param coldStartRuns      cold-start runs per function, each a function start paired with a baseline start (≥ 20
 *                           for the 95 % interval of the median to be [x(6), x(15)])
 * @param aggregationSizes   employees per aggregation run
 * @param exportEmployees    employees of the export benchmark
 * @param exportDays         days of final sessions per employee in the export
 * @param exportRounds       runs of the export and of its baseline, alternated
 * @param punchers           employees whose own punches and status reads the route benchmark rotates through
 * @param ownTimeSamples     timed requests per route and kind of token in the own-time table (3b)
 * @param scaleEmployees     employees of the scale guard (reports and the nightly job)
 * @param loadClients        concurrent HTTP clients
 * @param loadSeconds        seconds of measured HTTP load (after a short warm-up)
 * @param resultsDir         where latest.md and the timestamped copy go
 * @param sections           which benchmarks to run (all by default): {@link #SECTIONS}
 */
public record BenchOptions(
        boolean quick,
        int warmUps,
        int routeInvocations,
        int hashingInvocations,
        int coldStartRuns,
        List<Integer> aggregationSizes,
        int exportEmployees,
        int exportDays,
        int exportRounds,
        int punchers,
        int ownTimeSamples,
        int scaleEmployees,
        int loadClients,
        int loadSeconds,
        Path resultsDir,
        Set<String> sections) {

    /** The benchmarks, by the names {@code --only} takes. */
    public static final Set<String> SECTIONS = Set.of("routes", "cold", "aggregation", "export", "http", "scale");

    public static BenchOptions full(Path resultsDir) {
        return new BenchOptions(
                false,
                30,
                300,
                30,
                20,
                List.of(1_000, 10_000, 100_000),
                1_000,
                100,
                5,
                30,
                1_000,
                10_000,
                16,
                30,
                resultsDir,
                SECTIONS);
    }

    /** The smoke run: every benchmark, every code path, small sizes; one cold-start pair per function. */
    public static BenchOptions quick(Path resultsDir) {
        return new BenchOptions(true, 1, 5, 1, 1, List.of(50, 200), 50, 10, 1, 3, 20, 200, 4, 3, resultsDir, SECTIONS);
    }

    public boolean runs(String section) {
        return sections.contains(section);
    }

    /**
     * {@code --quick}, {@code --out DIR} (default {@code bench/results}), {@code --runs N} (cold-start pairs per
     * function), {@code --load-seconds N}, {@code --invocations N} (timed invocations per route),
     * {@code --only routes,cold,aggregation,export,http,scale}.
     */
    public static BenchOptions parse(List<String> args, Path defaultResultsDir) {
        boolean quick = args.contains("--quick");
        BenchOptions defaults = quick ? quick(defaultResultsDir) : full(defaultResultsDir);
        Path resultsDir = defaults.resultsDir;
        int coldStartRuns = defaults.coldStartRuns;
        int loadSeconds = defaults.loadSeconds;
        int routeInvocations = defaults.routeInvocations;
        Set<String> sections = defaults.sections;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--quick" -> {}
                case "--out" -> resultsDir = Path.of(value(args, ++i, arg));
                case "--runs" -> coldStartRuns = Integer.parseInt(value(args, ++i, arg));
                case "--load-seconds" -> loadSeconds = Integer.parseInt(value(args, ++i, arg));
                case "--invocations" -> routeInvocations = Integer.parseInt(value(args, ++i, arg));
                case "--only" ->
                    sections = knownSections(Set.of(value(args, ++i, arg).split(",")));
                default ->
                    throw new IllegalArgumentException("Unknown option " + arg
                            + "; known: --quick, --out DIR, --runs N, --load-seconds N, --invocations N, --only LIST");
            }
        }
        return new BenchOptions(
                quick,
                defaults.warmUps,
                routeInvocations,
                defaults.hashingInvocations,
                coldStartRuns,
                defaults.aggregationSizes,
                defaults.exportEmployees,
                defaults.exportDays,
                defaults.exportRounds,
                defaults.punchers,
                defaults.ownTimeSamples,
                defaults.scaleEmployees,
                defaults.loadClients,
                loadSeconds,
                resultsDir,
                sections);
    }

    private static Set<String> knownSections(Set<String> names) {
        if (!SECTIONS.containsAll(names)) {
            throw new IllegalArgumentException("--only takes some of " + SECTIONS + ", not " + names);
        }
        return names;
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    public String mode() {
        return quick ? "quick" : "full";
    }
}
