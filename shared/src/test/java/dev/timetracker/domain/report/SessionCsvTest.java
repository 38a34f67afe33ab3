package dev.timetracker.domain.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.employee.Employee;
import dev.timetracker.domain.time.PunchCycle;
import dev.timetracker.domain.time.SessionStatus;
import dev.timetracker.domain.time.WorkSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionCsvTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);

    // --- layout -------------------------------------------------------------------------------------------------

    @Test
    void headerIsTheContractsColumnsWithCrlf() throws IOException {
        StringWriter out = new StringWriter();
        SessionCsv.writer(out).header();

        assertEquals(
                "employee_id,employee_code,name,department,work_date,first_in,last_out,worked_hours,"
                        + "worked_seconds,break_seconds,cycles,late_seconds,early_leave_seconds,overtime_seconds,status,flags"
                        + ",payable_seconds,payable_hours\r\n",
                out.toString());
    }

    @Test
    void rowCarriesEveryFigureOfTheSession() throws IOException {
        WorkSession session = new WorkSession(
                "emp-1",
                MONDAY,
                Instant.parse("2026-03-02T07:58:30Z"),
                Instant.parse("2026-03-02T17:05:59Z"),
                30_600,
                2_700,
                List.of(
                        cycle("2026-03-02T07:58:30Z", "2026-03-02T12:00:00Z"),
                        cycle("2026-03-02T12:45:00Z", "2026-03-02T15:00:00Z"),
                        cycle("2026-03-02T15:10:00Z", "2026-03-02T17:05:59Z")),
                120,
                0,
                1_800,
                28_800,
                900,
                SessionStatus.AUTO_CLOSED,
                List.of(WorkSession.MISSING_PUNCH_OUT, "edited"));

        List<List<String>> table = export(List.of(employee("emp-1", "Ann", "Lee", "E-7", "Sales")), List.of(session));

        assertEquals(SessionCsv.COLUMNS, table.get(0));
        assertEquals(
                List.of(
                        "emp-1",
                        "E-7",
                        "Ann Lee",
                        "Sales",
                        "2026-03-02",
                        "08:58",
                        "18:05",
                        "8.50",
                        "30600",
                        "2700",
                        "3",
                        "120",
                        "0",
                        "1800",
                        "auto_closed",
                        "missing_punch_out;edited",
                        "28800",
                        "8.00"),
                table.get(1));
    }

    @Test
    void openSessionHasAnEmptyLastOutAndMissingTextIsEmpty() throws IOException {
        WorkSession open = new WorkSession(
                "emp-1",
                MONDAY,
                Instant.parse("2026-03-02T08:00:00Z"),
                null,
                3_600,
                0,
                List.of(cycle("2026-03-02T08:00:00Z", null)),
                0,
                0,
                0,
                3_600,
                0,
                SessionStatus.OPEN,
                List.of());

        List<String> row = export(List.of(employee("emp-1", "Ann", "Lee", null, null)), List.of(open))
                .get(1);

        assertEquals("", row.get(1), "employee_code");
        assertEquals("", row.get(3), "department");
        assertEquals("09:00", row.get(5));
        assertEquals("", row.get(6), "last_out");
        assertEquals("open", row.get(14));
        assertEquals("", row.get(15), "flags");
    }

    @Test
    void oneRowPerSessionInTheOrderGiven() throws IOException {
        Employee ann = employee("emp-1", "Ann", "Lee", "E-1", "Sales");
        Employee bob = employee("emp-2", "Bob", "Ray", "E-2", "Ops");
        StringWriter out = new StringWriter();
        SessionCsv csv = SessionCsv.writer(out);
        csv.header();
        csv.row(ann, session("emp-1", MONDAY, 60));
        csv.row(ann, session("emp-1", MONDAY.plusDays(1), 60));
        csv.row(bob, session("emp-2", MONDAY, 60));

        List<List<String>> table = Rfc4180.parse(out.toString());

        assertEquals(3, csv.rows());
        assertEquals(4, table.size());
        assertEquals(
                List.of("emp-1", "2026-03-02"),
                List.of(table.get(1).get(0), table.get(1).get(4)));
        assertEquals(
                List.of("emp-1", "2026-03-03"),
                List.of(table.get(2).get(0), table.get(2).get(4)));
        assertEquals(
                List.of("emp-2", "2026-03-02"),
                List.of(table.get(3).get(0), table.get(3).get(4)));
    }

    /** Nothing is held back between rows: whatever has been written is already in the underlying writer. */
    @Test
    void eachRowReachesTheWriterAsItIsWritten() throws IOException {
        Employee ann = employee("emp-1", "Ann", "Lee", "E-1", "Sales");
        StringWriter out = new StringWriter();
        SessionCsv csv = SessionCsv.writer(out);
        csv.header();
        for (int day = 0; day < 5; day++) {
            int before = out.getBuffer().length();
            csv.row(ann, session("emp-1", MONDAY.plusDays(day), 60));
            String written = out.getBuffer().substring(before);
            assertTrue(written.startsWith("emp-1,") && written.endsWith("\r\n"), written);
            assertEquals(day + 2, Rfc4180.parse(out.toString()).size());
        }
    }

    @Test
    void headerComesFirstAndOnce() throws IOException {
        SessionCsv csv = SessionCsv.writer(new StringWriter());
        Employee ann = employee("emp-1", "Ann", "Lee", "E-1", "Sales");

        assertThrows(IllegalStateException.class, () -> csv.row(ann, session("emp-1", MONDAY, 60)));
        csv.header();
        assertThrows(IllegalStateException.class, csv::header);
    }

    @Test
    void sessionOfAnotherEmployeeIsRejected() throws IOException {
        SessionCsv csv = SessionCsv.writer(new StringWriter());
        csv.header();

        assertThrows(
                IllegalArgumentException.class,
                () -> csv.row(employee("emp-1", "Ann", "Lee", "E-1", "Sales"), session("emp-2", MONDAY, 60)));
    }

    // --- RFC 4180 quoting and UTF-8 --------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "R&D, Berlin",
                "The \"Lab\"",
                "\"",
                "two\nlines",
                "two\r\nlines",
                "carriage\rreturn",
                "\"\"",
                ",",
                "trailing,",
                " spaced ",
                "semi;colon",
                "Zoë Ångström",
                "山田 太郎",
                "👩‍💻 Ops 🚀",
                "a'b"
            })
    void awkwardCellsRoundTrip(String department) throws IOException {
        List<String> row = export(
                        List.of(employee("emp-1", "Ann", "Lee", "E-1", department)),
                        List.of(session("emp-1", MONDAY, 60)))
                .get(1);

        assertEquals(department, row.get(3));
    }

    @Test
    void quotesAreDoubledInsideQuotedCells() throws IOException {
        StringWriter out = new StringWriter();
        SessionCsv csv = SessionCsv.writer(out);
        csv.header();
        csv.row(employee("emp-1", "Ann", "Lee", "E-1", "The \"Lab\", 2nd floor"), session("emp-1", MONDAY, 60));

        assertTrue(out.toString().contains(",\"The \"\"Lab\"\", 2nd floor\","), out.toString());
    }

    @Test
    void byteStreamIsUtf8WithoutBom() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (SessionCsv csv = SessionCsv.writer(bytes)) {
            csv.header();
            csv.row(employee("emp-1", "Zoë", "山田", "E-1", "Ops 🚀"), session("emp-1", MONDAY, 60));
        }

        byte[] written = bytes.toByteArray();
        assertEquals('e', written[0], "no byte order mark");
        String text = new String(written, StandardCharsets.UTF_8);
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), written, "valid UTF-8");
        List<String> row = Rfc4180.parse(text).get(1);
        assertEquals(List.of("Zoë 山田", "Ops 🚀"), List.of(row.get(2), row.get(3)));
    }

    // --- formula injection ------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"=", "+", "-", "@", "\t", "\r"})
    void cellStartingWithAFormulaTriggerIsMadeText(String trigger) throws IOException {
        String payload = trigger + "HYPERLINK(\"http://evil.example\",\"x\")";
        Employee mallory = employee("emp-1", trigger + "cmd|' /C calc'!A0", "Lee", payload, payload);

        List<String> row =
                export(List.of(mallory), List.of(session("emp-1", MONDAY, 60))).get(1);

        assertEquals("'" + payload, row.get(1), "employee_code");
        assertEquals("'" + trigger + "cmd|' /C calc'!A0 Lee", row.get(2), "name");
        assertEquals("'" + payload, row.get(3), "department");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=b", "Ann-Marie", "x+y", "mail@example.com", " =padded", "'=already", "\n=1"})
    void triggerAnywhereButTheStartIsLeftAlone(String department) throws IOException {
        List<String> row = export(
                        List.of(employee("emp-1", "Ann", "Lee", "E-1", department)),
                        List.of(session("emp-1", MONDAY, 60)))
                .get(1);

        assertEquals(department, row.get(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ops\u0000", "\u001b[31mOps", "Ops\u007f", "Ops\u0085", "Ops\ud800"})
    void controlCharactersStoredBeforeTheTextRulesAreReplacedNotWritten(String department) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (SessionCsv csv = SessionCsv.writer(bytes)) {
            csv.header();
            csv.row(employee("emp-1", "Ann", "Lee", "E-1", department), session("emp-1", MONDAY, 60));
        }
        String text = new String(bytes.toByteArray(), StandardCharsets.UTF_8);

        String cell = Rfc4180.parse(text).get(1).get(3);
        assertTrue(cell.startsWith("\ufffd") || cell.endsWith("\ufffd"), cell);
        assertEquals("Ops", cell.replace("\ufffd", "").replace("[31m", ""));
        assertTrue(
                text.codePoints().noneMatch(c -> Character.getType(c) == Character.CONTROL && c != '\r' && c != '\n'),
                "no control character reaches the file");
    }

    @Test
    void guardComesBeforeQuoting() {
        assertEquals("\"'=1,2\"", CsvRow.of("=1,2").line().strip());
        assertEquals("\"'\r=1\"\r\n", CsvRow.of("\r=1").line());
        assertEquals("'-5\r\n", CsvRow.of("-5").line());
        assertEquals(",\r\n", CsvRow.of("", "").line());
    }

    // --- times in the employee's zone ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} in {1} is {2}")
    @CsvSource({
        // Berlin springs forward at 01:00Z on 2026-03-29: 02:00 CET becomes 03:00 CEST.
        "2026-03-29T00:30:00Z, Europe/Berlin, 01:30",
        "2026-03-29T01:30:00Z, Europe/Berlin, 03:30",
        // Berlin falls back at 01:00Z on 2026-10-25: 02:30 happens twice, an hour apart.
        "2026-10-25T00:30:00Z, Europe/Berlin, 02:30",
        "2026-10-25T01:30:00Z, Europe/Berlin, 02:30",
        "2026-03-08T06:59:00Z, America/New_York, 01:59",
        "2026-03-08T07:00:00Z, America/New_York, 03:00",
        "2026-06-01T12:34:59Z, Asia/Kolkata, 18:04",
        "2026-06-01T23:15:00Z, Pacific/Auckland, 11:15",
    })
    void firstInIsWallClockTimeInTheEmployeesZone(String instant, String zone, String expected) throws IOException {
        Employee employee = employee("emp-1", "Ann", "Lee", "E-1", "Ops", ZoneId.of(zone));
        Instant in = Instant.parse(instant);
        WorkSession session = new WorkSession(
                "emp-1",
                MONDAY,
                in,
                in.plusSeconds(60),
                60,
                0,
                List.of(new PunchCycle(in, in.plusSeconds(60), 60, 0)),
                0,
                0,
                0,
                60,
                0,
                SessionStatus.COMPLETE,
                List.of());

        List<String> row = export(List.of(employee), List.of(session)).get(1);

        assertEquals(expected, row.get(5));
    }

    @Test
    void lastOutAcrossTheSpringForwardGapUsesTheNewOffset() throws IOException {
        Instant in = Instant.parse("2026-03-29T00:00:00Z"); // 01:00 CET
        Instant out = Instant.parse("2026-03-29T09:00:00Z"); // 11:00 CEST
        WorkSession session = new WorkSession(
                "emp-1",
                LocalDate.of(2026, 3, 29),
                in,
                out,
                32_400,
                0,
                List.of(new PunchCycle(in, out, 32_400, 0)),
                0,
                0,
                0,
                32_400,
                0,
                SessionStatus.COMPLETE,
                List.of());

        List<String> row = export(List.of(employee("emp-1", "Ann", "Lee", "E-1", "Ops")), List.of(session))
                .get(1);

        assertEquals(List.of("01:00", "11:00", "9.00"), List.of(row.get(5), row.get(6), row.get(7)));
    }

    // --- worked hours -----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} s is {1} h")
    @CsvSource({
        "0, 0.00",
        "5399, 1.50",
        "5381, 1.49",
        "5382, 1.50", // 1.495 exactly: half up
        "5346, 1.49", // 1.485 exactly: half up, where half even would give 1.48
        "18, 0.01", // 0.005 exactly
        "17, 0.00",
        "3600, 1.00",
        "36000, 10.00",
        "1000000000, 277777.78",
    })
    void workedHoursHaveTwoDecimalsRoundedHalfUp(long seconds, String hours) {
        assertEquals(hours, SessionCsv.hours(seconds));
    }

    @Test
    void workedHoursUseADotWhateverTheDefaultLocale() throws IOException {
        Locale before = Locale.getDefault();
        try {
            for (Locale locale : List.of(
                    Locale.GERMANY,
                    Locale.FRANCE,
                    Locale.forLanguageTag("ar-EG"),
                    Locale.forLanguageTag("hi-IN-u-nu-deva"))) {
                Locale.setDefault(locale);
                List<String> row = export(
                                List.of(employee("emp-1", "Ann", "Lee", "E-1", "Ops")),
                                List.of(session("emp-1", MONDAY, 5_399)))
                        .get(1);
                assertEquals(List.of("1.50", "5399"), List.of(row.get(7), row.get(8)), locale.toString());
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    /**
     * A month of random days for 20 employees, payable time from 0 to 14 h to the second. Each row's payable_hours is
     * its own payable_seconds / 3600 to 2 decimals, half up (checked exactly); so the column's sum can differ from
     * the seconds column's sum / 3600 by at most rows × 0.005 h — the documented bound — and the exact total is
     * always the seconds column's.
     */
    @Test
    void payableHoursAreEachRowsSecondsAndTheirSumStaysWithinTheRoundingBound() throws IOException {
        java.util.SplittableRandom random = new java.util.SplittableRandom(0x9a7_c5fL);
        List<Employee> employees = new java.util.ArrayList<>();
        List<WorkSession> sessions = new java.util.ArrayList<>();
        for (int e = 0; e < 20; e++) {
            employees.add(employee("emp-" + e, "E", "Mp" + e, null, null));
            for (LocalDate date = LocalDate.of(2026, 3, 1); date.getMonthValue() == 3; date = date.plusDays(1)) {
                long worked = random.nextLong(14 * 3600 + 1);
                long payable = random.nextInt(4) == 0 ? random.nextLong(worked + 1) : worked;
                WorkSession plain = session("emp-" + e, date, worked);
                sessions.add(new WorkSession(
                        plain.employeeId(),
                        date,
                        plain.firstIn(),
                        plain.lastOut(),
                        worked,
                        0,
                        plain.cycles(),
                        0,
                        0,
                        0,
                        payable,
                        0,
                        SessionStatus.COMPLETE,
                        List.of()));
            }
        }
        List<List<String>> table = export(employees, sessions);
        int secondsColumn = SessionCsv.COLUMNS.indexOf("payable_seconds");
        int hoursColumn = SessionCsv.COLUMNS.indexOf("payable_hours");
        assertEquals(SessionCsv.COLUMNS.size() - 2, secondsColumn, "appended after every existing column");
        java.math.BigDecimal hoursSum = java.math.BigDecimal.ZERO;
        long secondsSum = 0;
        for (List<String> row : table.subList(1, table.size())) {
            long seconds = Long.parseLong(row.get(secondsColumn));
            java.math.BigDecimal hours = new java.math.BigDecimal(row.get(hoursColumn));
            assertEquals(2, hours.scale(), row.toString());
            assertEquals(
                    java.math.BigDecimal.valueOf(seconds)
                            .divide(java.math.BigDecimal.valueOf(3600), 2, java.math.RoundingMode.HALF_UP),
                    hours,
                    "row rounding");
            hoursSum = hoursSum.add(hours);
            secondsSum += seconds;
        }
        assertEquals(sessions.stream().mapToLong(WorkSession::payableSeconds).sum(), secondsSum);
        java.math.BigDecimal exact = java.math.BigDecimal.valueOf(secondsSum)
                .divide(java.math.BigDecimal.valueOf(3600), 10, java.math.RoundingMode.HALF_UP);
        java.math.BigDecimal bound =
                java.math.BigDecimal.valueOf(table.size() - 1L).multiply(new java.math.BigDecimal("0.005"));
        assertTrue(
                hoursSum.subtract(exact).abs().compareTo(bound) <= 0,
                "sum of payable_hours " + hoursSum + " vs seconds / 3600 " + exact + ", bound " + bound);
    }

    // --- fixtures -----------------------------------------------------------------------------------------------

    private static List<List<String>> export(List<Employee> employees, List<WorkSession> sessions) throws IOException {
        StringWriter out = new StringWriter();
        SessionCsv csv = SessionCsv.writer(out);
        csv.header();
        for (WorkSession session : sessions) {
            Employee employee = employees.stream()
                    .filter(e -> e.id().equals(session.employeeId()))
                    .findFirst()
                    .orElseThrow();
            csv.row(employee, session);
        }
        csv.flush();
        List<List<String>> table = Rfc4180.parse(out.toString());
        assertEquals(sessions.size() + 1, table.size());
        table.forEach(row -> assertEquals(SessionCsv.COLUMNS.size(), row.size(), "cells in " + row));
        return table;
    }

    private static Employee employee(String id, String first, String last, String code, String department) {
        return employee(id, first, last, code, department, BERLIN);
    }

    private static Employee employee(
            String id, String first, String last, String code, String department, ZoneId zone) {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        return new Employee(
                id, id + "@example.com", first, last, code, department, "Staff", zone, true, created, created, 1);
    }

    private static WorkSession session(String employeeId, LocalDate date, long workedSeconds) {
        Instant in = date.atTime(8, 0).atZone(BERLIN).toInstant();
        Instant out = in.plusSeconds(workedSeconds);
        return new WorkSession(
                employeeId,
                date,
                in,
                out,
                workedSeconds,
                0,
                List.of(new PunchCycle(in, out, workedSeconds, 0)),
                0,
                0,
                0,
                workedSeconds,
                0,
                SessionStatus.COMPLETE,
                List.of());
    }

    private static PunchCycle cycle(String in, String out) {
        Instant punchIn = Instant.parse(in);
        Instant punchOut = out == null ? null : Instant.parse(out);
        long seconds = punchOut == null ? 0 : punchOut.getEpochSecond() - punchIn.getEpochSecond();
        return new PunchCycle(punchIn, punchOut, seconds, 0);
    }

    /**
     * A strict RFC 4180 reader, so the tests check the file a spreadsheet will get rather than trusting the
     * writer: every record ends with CRLF, a bare CR or LF is only allowed inside quotes, a quote inside an
     * unquoted cell or anything but a comma or CRLF after a closing quote is an error, and all records have as
     * many cells as the first.
     */
    static final class Rfc4180 {
        private final String text;
        private int at;

        private Rfc4180(String text) {
            this.text = text;
        }

        static List<List<String>> parse(String text) {
            return new Rfc4180(text).records();
        }

        private List<List<String>> records() {
            List<List<String>> records = new ArrayList<>();
            while (at < text.length()) {
                List<String> record = record();
                if (!records.isEmpty() && record.size() != records.get(0).size()) {
                    throw fail("record " + records.size() + " has " + record.size() + " cells, the first "
                            + records.get(0).size());
                }
                records.add(record);
            }
            return records;
        }

        private List<String> record() {
            List<String> cells = new ArrayList<>();
            while (true) {
                cells.add(at < text.length() && text.charAt(at) == '"' ? quotedCell() : plainCell());
                if (text.startsWith(",", at)) {
                    at++;
                } else if (text.startsWith("\r\n", at)) {
                    at += 2;
                    return cells;
                } else {
                    throw fail("expected a comma or CRLF");
                }
            }
        }

        private String plainCell() {
            int start = at;
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == ',' || (c == '\r' && text.startsWith("\r\n", at))) {
                    break;
                }
                if (c == '"' || c == '\r' || c == '\n') {
                    throw fail("unquoted cell holds " + (int) c);
                }
                at++;
            }
            return text.substring(start, at);
        }

        private String quotedCell() {
            StringBuilder cell = new StringBuilder();
            at++;
            while (true) {
                if (at >= text.length()) {
                    throw fail("unterminated quoted cell");
                }
                char c = text.charAt(at++);
                if (c != '"') {
                    cell.append(c);
                } else if (text.startsWith("\"", at)) {
                    cell.append('"');
                    at++;
                } else {
                    return cell.toString();
                }
            }
        }

        private IllegalStateException fail(String why) {
            return new IllegalStateException(why + " at offset " + at + " of " + text);
        }
    }

    /** The cells computed without BigDecimal or a formatter give what those would, on every kind of input. */
    @Test
    void hoursAndClockTimesEqualTheirReferenceFormattingForRandomInputs() {
        java.util.Random random = new java.util.Random(20261130);
        java.time.format.DateTimeFormatter reference =
                java.time.format.DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
        List<ZoneId> zones = List.of(
                ZoneId.of("UTC"),
                ZoneId.of("Europe/Berlin"),
                ZoneId.of("America/New_York"),
                ZoneId.of("Asia/Kolkata"),
                ZoneId.of("Asia/Kathmandu"),
                ZoneId.of("Australia/Lord_Howe"),
                ZoneId.of("Pacific/Chatham"),
                ZoneId.of("America/St_Johns"));
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextInt(4) == 0 ? random.nextInt(200) - 100 : random.nextInt(400_000) - 20_000;
            assertEquals(referenceHours(seconds), SessionCsv.hours(seconds), seconds + " s");
            // From 1900 to 2100, so that instants before the epoch and around every transition are among them.
            Instant instant = Instant.ofEpochSecond(-2_208_988_800L + (long) (random.nextDouble() * 6_311_390_400L));
            ZoneId zone = zones.get(random.nextInt(zones.size()));
            assertEquals(
                    reference.format(instant.atZone(zone)),
                    SessionCsv.clockTime(instant, zone),
                    instant + " in " + zone);
        }
        for (long edge : List.of(17L, 18L, 19L, 53L, 54L, 55L, -17L, -18L, -19L, 3600L, 359_999L)) {
            assertEquals(referenceHours(edge), SessionCsv.hours(edge), edge + " s");
        }
    }

    /** Hours as BigDecimal gives them: the formatting SessionCsv.hours must equal. */
    private static String referenceHours(long seconds) {
        return java.math.BigDecimal.valueOf(seconds)
                .divide(java.math.BigDecimal.valueOf(3600), 2, java.math.RoundingMode.HALF_UP)
                .toPlainString();
    }
}
