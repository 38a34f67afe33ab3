package dev.timetracker.local.dynamodb;

import java.math.BigDecimal;
import java.util.Map;

/** Ordering and sizing rules DynamoDB applies to attribute values. */
final class AttrValues {
    private AttrValues() {}

    /**
     * Orders two scalars of the same type: S by UTF-8 bytes, N numerically, B by unsigned bytes. Values of different
     * types are ordered by type name only to keep the ordering total; callers never rely on that.
     */
    static int compare(AttrValue a, AttrValue b) {
        if (a instanceof AttrValue.S x && b instanceof AttrValue.S y) {
            return compareUtf8(x.value(), y.value());
        }
        if (a instanceof AttrValue.N x && b instanceof AttrValue.N y) {
            return x.value().compareTo(y.value());
        }
        if (a instanceof AttrValue.B x && b instanceof AttrValue.B y) {
            return x.value().compareTo(y.value());
        }
        return a.type().compareTo(b.type());
    }

    /** Code point order equals UTF-8 byte order, which is what DynamoDB sorts strings by (UTF-16 order is not). */
    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Item size as DynamoDB counts it against the 400 KB limit: attribute names plus values. */
    static long itemSize(Map<String, AttrValue> item) {
        long size = 0;
        for (Map.Entry<String, AttrValue> e : item.entrySet()) {
            size += utf8Length(e.getKey()) + size(e.getValue());
        }
        return size;
    }

    static long size(AttrValue v) {
        if (v instanceof AttrValue.S s) {
            return utf8Length(s.value());
        }
        if (v instanceof AttrValue.N n) {
            return numberSize(n.value());
        }
        if (v instanceof AttrValue.B b) {
            return b.value().length();
        }
        if (v instanceof AttrValue.SS ss) {
            return ss.value().stream().mapToLong(AttrValues::utf8Length).sum();
        }
        if (v instanceof AttrValue.NS ns) {
            return ns.value().stream().mapToLong(AttrValues::numberSize).sum();
        }
        if (v instanceof AttrValue.BS bs) {
            return bs.value().stream().mapToLong(Bytes::length).sum();
        }
        if (v instanceof AttrValue.L l) {
            return 3 + l.value().stream().mapToLong(e -> 1 + size(e)).sum();
        }
        if (v instanceof AttrValue.M m) {
            return 3
                    + m.value().entrySet().stream()
                            .mapToLong(e -> 1 + utf8Length(e.getKey()) + size(e.getValue()))
                            .sum();
        }
        return 1;
    }

    private static long numberSize(BigDecimal n) {
        return 1 + (n.precision() + 1L) / 2;
    }

    /** A hash that is stable across JVMs (record hash codes are not specified), used to assign scan segments. */
    static int stableHash(AttrValue v) {
        int h;
        if (v instanceof AttrValue.S s) {
            h = s.value().hashCode();
        } else if (v instanceof AttrValue.N n) {
            h = n.value().hashCode();
        } else if (v instanceof AttrValue.B b) {
            h = b.value().hashCode();
        } else {
            h = v.type().hashCode();
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }

    /** Rendering used inside error messages, e.g. {@code {S:abc}}. */
    static String describe(AttrValue v) {
        var node = AttrValueJson.write(v).get(v.type());
        return "{" + v.type() + ":" + (node.isValueNode() ? node.asText() : node.toString()) + "}";
    }
}
