package dev.timetracker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatsTest {
    /** 1, 2, …, n in a shuffled order: the interval is read off the sorted samples, whatever order they came in. */
    private static double[] oneTo(int n) {
        double[] samples = IntStream.rangeClosed(1, n).asDoubleStream().toArray();
        Random random = new Random(n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double swap = samples[i];
            samples[i] = samples[j];
            samples[j] = swap;
        }
        return samples;
    }

    @Test
    void twentyRunsGiveTheSixthAndFifteenthSampleAt95Percent() {
        Stats.MedianInterval interval = Stats.medianInterval(oneTo(20), 0.95);

        assertEquals(6, interval.low());
        assertEquals(10.5, interval.median());
        assertEquals(15, interval.high());
        // 1 − 2·P(Binomial(20, ½) ≤ 5) = 1 − 2·21,700/1,048,576
        assertEquals(1 - 2 * 21_700.0 / 1_048_576, interval.coverage(), 1e-12);
        assertTrue(interval.exact());
    }

    @Test
    void theIntervalIsTheNarrowestWithAtLeastTheCoverageAskedFor() {
        // n = 10: [x(2), x(9)] covers 97.85 %; [x(3), x(8)] only 89.06 %, below 95 %.
        Stats.MedianInterval ten = Stats.medianInterval(oneTo(10), 0.95);
        assertEquals(2, ten.low());
        assertEquals(9, ten.high());
        assertEquals(1 - 2 * 11.0 / 1024, ten.coverage(), 1e-12);
        // n = 6 is the smallest with a 95 % interval: the whole range, 1 − 2/64 = 96.9 %.
        Stats.MedianInterval six = Stats.medianInterval(oneTo(6), 0.95);
        assertEquals(1, six.low());
        assertEquals(6, six.high());
        assertEquals(1 - 2.0 / 64, six.coverage(), 1e-12);
    }

    @Test
    void tooFewSamplesSayHowManyInsteadOfAnInterval() {
        Stats.MedianInterval five = Stats.medianInterval(oneTo(5), 0.95);

        assertFalse(five.exact());
        assertEquals(3, five.median());
        assertEquals("3.0 (n = 5, too few for the interval)", five.cell(Stats::ms));
        assertEquals("10.5 [6.0, 15.0]", Stats.medianInterval(oneTo(20), 0.95).cell(Stats::ms));
    }

    @Test
    void theIntervalHoldsTheTrueMedianAboutAsOftenAsItPromises() {
        // Skewed like cold starts (a log-normal): its median is e^0 = 1. 4,000 experiments of 20 samples.
        Random random = new Random(42);
        int held = 0;
        int experiments = 4_000;
        for (int e = 0; e < experiments; e++) {
            double[] samples = new double[20];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = Math.exp(random.nextGaussian() * 0.3);
            }
            Stats.MedianInterval interval = Stats.medianInterval(samples, 0.95);
            if (interval.low() <= 1 && 1 <= interval.high()) {
                held++;
            }
        }
        double observed = (double) held / experiments;
        assertTrue(observed > 0.945 && observed < 0.975, "coverage " + observed);
    }
}
