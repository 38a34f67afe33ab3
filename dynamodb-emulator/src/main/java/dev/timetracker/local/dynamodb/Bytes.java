package dev.timetracker.local.dynamodb;

import java.util.Arrays;
import java.util.Base64;

/**
 * Binary value with value semantics and DynamoDB's unsigned byte-wise ordering. A class, not a record: a record's
 * equals and hashCode would compare the array by identity.
 */
final class Bytes implements Comparable<Bytes> {
    private final byte[] data;

    Bytes(byte[] data) {
        this.data = data;
    }

    static Bytes fromBase64(String base64) {
        try {
            return new Bytes(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw DynamoDbError.serialization("Base64 encoded binary value is invalid");
        }
    }

    String base64() {
        return Base64.getEncoder().encodeToString(data);
    }

    int length() {
        return data.length;
    }

    boolean startsWith(Bytes prefix) {
        return prefix.data.length <= data.length
                && Arrays.equals(data, 0, prefix.data.length, prefix.data, 0, prefix.data.length);
    }

    boolean contains(Bytes part) {
        for (int i = 0; i + part.data.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + part.data.length, part.data, 0, part.data.length)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int compareTo(Bytes other) {
        return Arrays.compareUnsigned(data, other.data);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return base64();
    }
}
