package dev.timetracker.local.reports;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 4180 reader, written for the tests so that the files are not judged by the code that wrote
 * them: UTF-8 (invalid bytes and a byte-order mark are errors), every record ended by CRLF (the last one too),
 * no bare CR or LF outside quotes, quotes only around a whole field, doubled inside it, and every record as wide
 * as the header.
 */
final class Rfc4180 {
    /** The parsed file: the header and the records, each a list of cell values. */
    record Table(List<String> header, List<List<String>> rows) {
        List<Map<String, String>> records() {
            List<Map<String, String>> records = new ArrayList<>();
            for (List<String> row : rows) {
                Map<String, String> record = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    record.put(header.get(i), row.get(i));
                }
                records.add(record);
            }
            return records;
        }
    }

    private Rfc4180() {}

    static Table parse(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("not UTF-8: " + e);
        }
        if (text.startsWith("\uFEFF")) {
            throw new AssertionError("a byte-order mark before the header");
        }
        List<List<String>> records = records(text);
        if (records.isEmpty()) {
            throw new AssertionError("no header row");
        }
        List<String> header = records.get(0);
        List<List<String>> rows = records.subList(1, records.size());
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).size() != header.size()) {
                throw new AssertionError("record " + (i + 2) + " has "
                        + rows.get(i).size() + " fields, the header " + header.size() + ": " + rows.get(i));
            }
        }
        return new Table(List.copyOf(header), List.copyOf(rows));
    }

    static List<List<String>> records(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = text.length();
        if (n == 0) {
            return records;
        }
        while (true) {
            // At the start of a field.
            if (i < n && text.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new AssertionError("unterminated quoted field at offset " + i);
                    }
                    char c = text.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                        } else {
                            i++;
                            break;
                        }
                    } else {
                        field.append(c);
                        i++;
                    }
                }
                if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r') {
                    throw new AssertionError("character " + text.charAt(i) + " after a closing quote at offset " + i);
                }
            } else {
                while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r') {
                    char c = text.charAt(i);
                    if (c == '"') {
                        throw new AssertionError("a quote inside an unquoted field at offset " + i);
                    }
                    if (c == '\n') {
                        throw new AssertionError("a bare LF at offset " + i);
                    }
                    field.append(c);
                    i++;
                }
            }
            record.add(field.toString());
            field.setLength(0);
            if (i >= n) {
                throw new AssertionError("the last record is not ended by CRLF");
            }
            if (text.charAt(i) == ',') {
                i++;
                continue;
            }
            // CR: must be CRLF.
            if (i + 1 >= n || text.charAt(i + 1) != '\n') {
                throw new AssertionError("a bare CR at offset " + i);
            }
            i += 2;
            records.add(List.copyOf(record));
            record.clear();
            if (i == n) {
                return records;
            }
        }
    }
}
