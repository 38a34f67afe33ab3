package dev.timetracker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The cold-start goal is judged on the upper bound of the ratio's interval, not on the median. */
class ColdStartVerdictTest {
    private static Stats.MedianInterval ratios(double low, double step) {
        double[] samples = new double[20];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = low + i * step;
        }
        return Stats.medianInterval(samples, ColdStartBenchmark.CONFIDENCE);
    }

    @Test
    void metOnlyWhenTheUpperBoundIsWithinTheGoal() {
        // x(15) = 1.00 + 14 × 0.01 = 1.14
        assertEquals("met", ColdStartBenchmark.verdict(ratios(1.00, 0.01), 1.25));
        // median 1.195, x(15) = 0.95 + 14 × 0.025 = 1.30
        assertEquals(
                "not shown (median within, upper bound above)", ColdStartBenchmark.verdict(ratios(0.95, 0.025), 1.25));
        assertEquals("not met", ColdStartBenchmark.verdict(ratios(1.30, 0.01), 1.25));
    }

    @Test
    void tooFewRunsGiveNoVerdict() {
        assertEquals(
                "no verdict: 3 run(s)",
                ColdStartBenchmark.verdict(Stats.medianInterval(new double[] {1.0, 1.1, 1.2}, 0.95), 1.25));
    }
}
