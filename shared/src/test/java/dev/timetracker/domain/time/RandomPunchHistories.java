package dev.timetracker.domain.time;

import dev.timetracker.domain.hours.BusinessHours;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Random punch histories that obey the state machine, in zones with and without daylight saving time (including
 * half-hour shifts and zones whose offsets are not whole hours), often starting just before a clock change, with
 * gaps between punches from zero seconds to well over a day (so cycles run overnight and across clock changes).
 *
 * <p>Everything a history is made of is drawn from one {@link SplittableRandom} seeded with a single {@code long},
 * so a history is fully described by its seed: {@code scenario(plan(seed))} rebuilds it. {@link #forAll} runs a
 * property over a fixed list of seeds derived from a base seed, and on failure reports the seed, the history, and a
 * smaller history that still fails. Set the system property {@value #SEED_PROPERTY} (e.g.
 * {@code mvn test -DpunchHistories.seed=0x1234}) to run every property on that one seed only.
 *
 * <p>Like most property-testing libraries, numeric ranges occasionally (1 draw in {@value #EDGE_ODDS}) return one of
 * their bounds, so empty and maximal histories, zero gaps and the extreme settings of business hours come up in
 * every run rather than by chance.
 */
final class RandomPunchHistories {

    static final List<ZoneId> ZONES = List.of(
            ZoneOffset.UTC,
            ZoneId.of("Europe/Berlin"),
            ZoneId.of("Europe/London"),
            ZoneId.of("America/New_York"),
            ZoneId.of("America/St_Johns"),
            ZoneId.of("America/Santiago"),
            ZoneId.of("Australia/Lord_Howe"),
            ZoneId.of("Pacific/Chatham"),
            ZoneId.of("Asia/Kolkata"),
            ZoneId.of("Asia/Tokyo"));
    static final Instant EARLIEST_START = Instant.parse("2025-01-01T00:00:00Z");
    static final String EMPLOYEE = "emp-prop";
    static final int MAX_STEPS = 40;
    static final int MAX_CONFIGURATIONS = 3;
    static final String SEED_PROPERTY = "punchHistories.seed";

    private static final int EDGE_ODDS = 20;
    private static final int MAX_SHRINK_RUNS = 3_000;
    private static final List<EntrySource> SOURCES = List.of(EntrySource.values());
    private static final List<DayOfWeek> DAYS = List.of(DayOfWeek.values());

    private RandomPunchHistories() {}

    /** One generated punch: which of the allowed actions to take and how long after the previous punch. */
    record Step(int choice, long gapSeconds, int gapMillis, EntrySource source) {}

    /**
     * What a seed draws, before it is turned into entries. Business hours carry only an offset in seconds as their
     * {@code effectiveFrom}; {@link #scenario} places them relative to the history.
     */
    record Plan(
            long seed,
            ZoneId zone,
            long startOffset,
            boolean nearClockChange,
            List<Step> steps,
            long nowGapSeconds,
            List<BusinessHours> hours) {

        Plan withSteps(List<Step> fewer) {
            return new Plan(seed, zone, startOffset, nearClockChange, List.copyOf(fewer), nowGapSeconds, hours);
        }

        Plan withHours(List<BusinessHours> fewer) {
            return new Plan(seed, zone, startOffset, nearClockChange, steps, nowGapSeconds, List.copyOf(fewer));
        }
    }

    record Scenario(long seed, ZoneId zone, List<TimeEntry> entries, Instant now, BusinessHoursTimeline timeline) {
        @Override
        public String toString() {
            return "seed " + hex(seed) + ": " + zone + ", now " + now + ", " + entries.size() + " entries "
                    + entries.stream()
                            .map(e -> e.action().wire() + "@" + e.timestamp() + "/"
                                    + e.source().wire())
                            .toList()
                    + ", hours " + timeline.configurations();
        }
    }

    // ---------------------------------------------------------------------------------------------------- drawing

    /** Draws everything a history is made of from {@code seed}; the same seed always gives the same plan. */
    static Plan plan(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ZoneId zone = oneOf(random, ZONES);
        long startOffset = between(random, 0, 3 * 365 * 86_400L);
        boolean nearClockChange = random.nextBoolean();
        int stepCount = (int) between(random, 0, MAX_STEPS);
        List<Step> steps = new ArrayList<>(stepCount);
        for (int i = 0; i < stepCount; i++) {
            steps.add(step(random));
        }
        long nowGapSeconds = between(random, 0, 48 * 3_600L);
        int configurationCount = (int) between(random, 0, MAX_CONFIGURATIONS);
        List<BusinessHours> hours = new ArrayList<>(configurationCount);
        for (int i = 0; i < configurationCount; i++) {
            hours.add(businessHours(random));
        }
        return new Plan(
                seed, zone, startOffset, nearClockChange, List.copyOf(steps), nowGapSeconds, List.copyOf(hours));
    }

    private static Step step(SplittableRandom random) {
        int choice = random.nextInt(12);
        // Weights 2 : 4 : 5 : 1 for no gap, up to an hour, up to a long shift, and up to well over a day.
        long gapSeconds;
        int bucket = random.nextInt(12);
        if (bucket < 2) {
            gapSeconds = 0;
        } else if (bucket < 6) {
            gapSeconds = between(random, 1, 3_600);
        } else if (bucket < 11) {
            gapSeconds = between(random, 3_600, 16 * 3_600);
        } else {
            gapSeconds = between(random, 16 * 3_600, 40 * 3_600);
        }
        // Weights 3 : 1 for whole seconds and for a sub-second part.
        int gapMillis = random.nextInt(4) < 3 ? 0 : (int) between(random, 1, 999);
        return new Step(choice, gapSeconds, gapMillis, oneOf(random, SOURCES));
    }

    private static BusinessHours businessHours(SplittableRandom random) {
        Set<DayOfWeek> days = daySubset(random);
        LocalTime start = halfHour(random);
        LocalTime end = halfHour(random);
        int late = (int) between(random, 0, 30);
        int early = (int) between(random, 0, 30);
        int maxShift = (int) between(random, 0, 16);
        int overtime = (int) between(random, 0, 600);
        Instant offset = Instant.ofEpochSecond(between(random, 0, 40 * 86_400L));
        return new BusinessHours(
                "bh", ZoneOffset.UTC, days, start, end, late, early, maxShift, overtime, offset, offset, "prop", null);
    }

    /** A subset of the week: its size first (0 to 7), then which days. */
    private static Set<DayOfWeek> daySubset(SplittableRandom random) {
        int size = (int) between(random, 0, DAYS.size());
        List<DayOfWeek> remaining = new ArrayList<>(DAYS);
        EnumSet<DayOfWeek> chosen = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < size; i++) {
            chosen.add(remaining.remove(random.nextInt(remaining.size())));
        }
        return chosen;
    }

    private static LocalTime halfHour(SplittableRandom random) {
        int half = (int) between(random, 0, 47);
        return LocalTime.of(half / 2, half % 2 * 30);
    }

    /** Uniform in {@code [min, max]}, except that now and then it is exactly one of the bounds. */
    private static long between(SplittableRandom random, long min, long max) {
        if (random.nextInt(EDGE_ODDS) == 0) {
            return random.nextBoolean() ? min : max;
        }
        return random.nextLong(min, max + 1);
    }

    private static <T> T oneOf(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    // -------------------------------------------------------------------------------------------------- building

    /** Turns a plan into entries that obey the state machine, and places its business hours around them. */
    static Scenario scenario(Plan plan) {
        ZoneId zone = plan.zone();
        Instant at = EARLIEST_START.plusSeconds(plan.startOffset());
        if (plan.nearClockChange()) {
            ZoneOffsetTransition change = zone.getRules().nextTransition(at);
            if (change != null) {
                // Up to two days before the change, so the first cycles run into it.
                at = change.getInstant().minusSeconds(plan.startOffset() % (2 * 86_400));
            }
        }
        List<TimeEntry> entries = new ArrayList<>();
        WorkState state = WorkState.OFF;
        for (Step s : plan.steps()) {
            WorkState from = state;
            List<PunchAction> allowed = EnumSet.allOf(PunchAction.class).stream()
                    .filter(action -> PunchStateMachine.allows(from, action))
                    .toList();
            PunchAction action = allowed.get(s.choice() % allowed.size());
            at = at.plusSeconds(s.gapSeconds()).plusMillis(s.gapMillis());
            EntrySource source =
                    s.source() == EntrySource.AUTO && action != PunchAction.PUNCH_OUT ? EntrySource.APP : s.source();
            entries.add(new TimeEntry("e" + (entries.size() + 1), EMPLOYEE, action, at, at, null, source, null, null));
            state = PunchStateMachine.next(state, action);
        }
        // Hours may start before, inside or after the history, so the "earliest applies" fallback is exercised too.
        List<BusinessHours> placed = new ArrayList<>();
        for (int i = 0; i < plan.hours().size(); i++) {
            BusinessHours h = plan.hours().get(i);
            Instant from = at.minus(Duration.ofDays(20))
                    .plus(Duration.ofDays(10L * i))
                    .plusSeconds(h.effectiveFrom().getEpochSecond());
            placed.add(new BusinessHours(
                    h.id(),
                    h.timezone(),
                    h.workDays(),
                    h.startTime(),
                    h.endTime(),
                    h.lateGraceMinutes(),
                    h.earlyLeaveGraceMinutes(),
                    h.maxShiftHours(),
                    h.dailyOvertimeAfterMinutes(),
                    from,
                    from,
                    h.createdBy(),
                    null));
        }
        return new Scenario(
                plan.seed(),
                zone,
                List.copyOf(entries),
                at.plusSeconds(plan.nowGapSeconds()),
                new BusinessHoursTimeline(placed));
    }

    // --------------------------------------------------------------------------------------------------- running

    /**
     * The seeds a property runs on: {@code cases} seeds derived from {@code baseSeed}, or only the seed given in
     * the system property {@value #SEED_PROPERTY}.
     */
    static long[] seeds(long baseSeed, int cases) {
        String only = System.getProperty(SEED_PROPERTY);
        if (only != null && !only.isBlank()) {
            return new long[] {parseSeed(only.strip())};
        }
        return new SplittableRandom(baseSeed).longs(cases).toArray();
    }

    /**
     * Checks {@code property} on a random history for each seed. The first failure is reported with its seed, the
     * history, and the smallest history found (by dropping punches and business-hours configurations) that still
     * fails.
     */
    static void forAll(String name, long baseSeed, int cases, Consumer<Scenario> property) {
        long[] seeds = seeds(baseSeed, cases);
        for (int i = 0; i < seeds.length; i++) {
            Plan plan = plan(seeds[i]);
            Throwable failure = failure(plan, property);
            if (failure != null) {
                Plan smallest = shrink(plan, property);
                throw new AssertionError(
                        name + " failed on case " + (i + 1) + " of " + seeds.length
                                + " (base seed " + hex(baseSeed) + ", seed " + hex(plan.seed())
                                + "; rerun it alone with -D"
                                + SEED_PROPERTY + "=" + hex(plan.seed()) + ")"
                                + "\n  history:           " + describe(plan)
                                + "\n  smallest failing:  " + describe(smallest)
                                + "\n  its failure:       " + failure(smallest, property),
                        failure);
            }
        }
        System.out.println(name + ": " + seeds.length + " random histories passed (base seed " + hex(baseSeed) + ")");
    }

    private static Throwable failure(Plan plan, Consumer<Scenario> property) {
        try {
            property.accept(scenario(plan));
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }

    /** Greedily drops business-hours configurations and punches while the property keeps failing. */
    private static Plan shrink(Plan plan, Consumer<Scenario> property) {
        Plan smallest = plan;
        int runs = 0;
        boolean progress = true;
        while (progress && runs < MAX_SHRINK_RUNS) {
            progress = false;
            for (int i = smallest.hours().size() - 1; i >= 0 && runs < MAX_SHRINK_RUNS; i--) {
                List<BusinessHours> fewer = new ArrayList<>(smallest.hours());
                fewer.remove(i);
                runs++;
                if (failure(smallest.withHours(fewer), property) != null) {
                    smallest = smallest.withHours(fewer);
                    progress = true;
                }
            }
            // The shortest failing prefix first.
            for (int length = 0; length < smallest.steps().size() && runs < MAX_SHRINK_RUNS; length++) {
                runs++;
                Plan prefix = smallest.withSteps(smallest.steps().subList(0, length));
                if (failure(prefix, property) != null) {
                    smallest = prefix;
                    progress = true;
                    break;
                }
            }
            // Then runs of punches, pairs first because a whole punch_in/punch_out cycle keeps the rest aligned.
            for (int run : new int[] {2, 1}) {
                for (int i = smallest.steps().size() - run; i >= 0 && runs < MAX_SHRINK_RUNS; i--) {
                    List<Step> fewer = new ArrayList<>(smallest.steps());
                    fewer.subList(i, i + run).clear();
                    runs++;
                    if (failure(smallest.withSteps(fewer), property) != null) {
                        smallest = smallest.withSteps(fewer);
                        progress = true;
                        i = Math.min(i, smallest.steps().size() - run + 1); // stay inside the shorter list
                    }
                }
            }
        }
        return smallest;
    }

    private static String describe(Plan plan) {
        try {
            return scenario(plan).toString();
        } catch (RuntimeException e) {
            return plan + " (could not be built: " + e + ")";
        }
    }

    /** Reads a seed as printed by {@link #hex} ({@code 0x} and up to 16 hex digits) or as a decimal number. */
    static long parseSeed(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.startsWith("0x") ? Long.parseUnsignedLong(lower.substring(2), 16) : Long.parseLong(lower);
    }

    static String hex(long seed) {
        return "0x" + Long.toHexString(seed);
    }
}
