package dev.timetracker.local.dynamodb;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Immutable model of a DynamoDB AttributeValue. Collections are unmodifiable and numbers normalised, so record
 * equality is exactly DynamoDB's notion of equality (sets compare regardless of order, 1.0 equals 1).
 */
sealed interface AttrValue {
    String type();

    record S(String value) implements AttrValue {
        @Override
        public String type() {
            return "S";
        }
    }

    record N(BigDecimal value) implements AttrValue {
        public N {
            value = normalize(value);
        }

        @Override
        public String type() {
            return "N";
        }

        String text() {
            return value.toPlainString();
        }
    }

    record B(Bytes value) implements AttrValue {
        @Override
        public String type() {
            return "B";
        }
    }

    record Bool(boolean value) implements AttrValue {
        @Override
        public String type() {
            return "BOOL";
        }
    }

    record Null() implements AttrValue {
        @Override
        public String type() {
            return "NULL";
        }
    }

    record M(Map<String, AttrValue> value) implements AttrValue {
        public M {
            value = Collections.unmodifiableMap(new LinkedHashMap<>(value));
        }

        @Override
        public String type() {
            return "M";
        }
    }

    record L(List<AttrValue> value) implements AttrValue {
        public L {
            value = List.copyOf(value);
        }

        @Override
        public String type() {
            return "L";
        }
    }

    record SS(Set<String> value) implements AttrValue {
        public SS {
            value = Collections.unmodifiableSet(new LinkedHashSet<>(value));
        }

        @Override
        public String type() {
            return "SS";
        }
    }

    record NS(Set<BigDecimal> value) implements AttrValue {
        public NS {
            Set<BigDecimal> normalized = new LinkedHashSet<>();
            value.forEach(n -> normalized.add(normalize(n)));
            value = Collections.unmodifiableSet(normalized);
        }

        @Override
        public String type() {
            return "NS";
        }
    }

    record BS(Set<Bytes> value) implements AttrValue {
        public BS {
            value = Collections.unmodifiableSet(new LinkedHashSet<>(value));
        }

        @Override
        public String type() {
            return "BS";
        }
    }

    AttrValue NULL = new Null();

    static BigDecimal normalize(BigDecimal n) {
        return n.signum() == 0 ? BigDecimal.ZERO : n.stripTrailingZeros();
    }

    static boolean isSet(AttrValue v) {
        return v instanceof SS || v instanceof NS || v instanceof BS;
    }

    static boolean isScalarKeyType(AttrValue v) {
        return v instanceof S || v instanceof N || v instanceof B;
    }
}
