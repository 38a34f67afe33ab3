package dev.timetracker.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Percentiles (nearest rank: the smallest sample with at least p of the samples at or below it), the median's
 * confidence interval, and formatting.
 */
final class Stats {
    private Stats() {}

    /**
     * A median and its distribution-free confidence interval.
     *
     * @param coverage the interval's exact coverage (≥ the level asked for), or NaN when there are too few samples
     *                 for that level: low and high are then the smallest and largest sample
     */
    record MedianInterval(int samples, double low, double median, double high, double coverage) {
        boolean exact() {
            return !Double.isNaN(coverage);
        }

        /** "1.21× [1.15×, 1.30×]", or "1.21× (n = 3, too few for a 95 % interval)". */
        String cell(java.util.function.DoubleFunction<String> format) {
            String median = format.apply(this.median);
            return exact()
                    ? median + " [" + format.apply(low) + ", " + format.apply(high) + "]"
                    : median + " (n = " + samples + ", too few for the interval)";
        }
    }

    /**
     * The order-statistic confidence interval for the median: with the samples sorted x(1) ≤ … ≤ x(n), the
     * interval [x(k), x(n+1-k)] holds the true median with probability 1 − 2·P(B &lt; k), B ~ Binomial(n, ½),
     * whatever the distribution (each sample is below the median with probability ½). k is the largest with
     * that coverage ≥ {@code level}: for n = 20 and 95 %, [x(6), x(15)] with 95.86 %. Needs n ≥ 6 at 95 %.
     */
    static MedianInterval medianInterval(double[] samples, double level) {
        int n = samples.length;
        if (n == 0) {
            return new MedianInterval(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        // cumulative = P(B < j): the chance that fewer than j of the samples fall below the true median.
        int k = 0;
        double coverage = Double.NaN;
        double cumulative = 0;
        for (int j = 1; j <= n / 2; j++) {
            cumulative += binomialHalf(n, j - 1);
            double covered = 1 - 2 * cumulative;
            if (covered < level) {
                break;
            }
            k = j;
            coverage = covered;
        }
        if (k == 0) {
            return new MedianInterval(n, sorted[0], median, sorted[n - 1], Double.NaN);
        }
        return new MedianInterval(n, sorted[k - 1], median, sorted[n - k], coverage);
    }

    /** P(B = j) for B ~ Binomial(n, ½). */
    private static double binomialHalf(int n, int j) {
        double logChoose = 0;
        for (int i = 1; i <= j; i++) {
            logChoose += Math.log(n - j + i) - Math.log(i);
        }
        return Math.exp(logChoose - n * Math.log(2));
    }

    static double percentile(double[] samples, double p) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(double[] samples) {
        return percentile(samples, 0.5);
    }

    static double[] millis(List<Long> nanos) {
        return nanos.stream().mapToDouble(n -> n / 1e6).toArray();
    }

    /** Milliseconds: one decimal below 100, none above. */
    static String ms(double millis) {
        return millis < 100 ? String.format(Locale.ROOT, "%.1f", millis) : String.format(Locale.ROOT, "%.0f", millis);
    }

    /** A goal's verdict: a figure that misses its goal is reported, never a failure of the benchmark. */
    static String verdict(boolean met) {
        return met ? "met" : "not met";
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f×", value);
    }

    static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
