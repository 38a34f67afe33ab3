package dev.timetracker.domain.report;

import dev.timetracker.domain.employee.Employee;
import dev.timetracker.domain.time.WorkSession;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The work sessions export of the API contract (Reports, CSV): a header row, then one row per employee per work
 * day. Rows are written as they come, one at a time, so an export of any size never sits in memory.
 *
 * <pre>{@code
 * SessionCsv csv = SessionCsv.writer(out);
 * csv.header();
 * for (...) csv.row(employee, session);
 * csv.flush();   // or close(), which closes out too
 * }</pre>
 */
public final class SessionCsv implements Flushable, Closeable {
    public static final List<String> COLUMNS = List.of(
            "employee_id",
            "employee_code",
            "name",
            "department",
            "work_date",
            "first_in",
            "last_out",
            "worked_hours",
            "worked_seconds",
            "break_seconds",
            "cycles",
            "late_seconds",
            "early_leave_seconds",
            "overtime_seconds",
            "status",
            "flags",
            "payable_seconds",
            "payable_hours");

    private final Writer out;
    private boolean headerWritten;
    private long rows;

    private SessionCsv(Writer out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Writes to a character stream; when it ends up as bytes, the encoding must be UTF-8. */
    public static SessionCsv writer(Writer out) {
        return new SessionCsv(out);
    }

    /** Writes UTF-8 to a byte stream, buffered (named: the JDK 17 of builds and tests defaults to the platform's). */
    public static SessionCsv writer(OutputStream out) {
        return new SessionCsv(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
    }

    /** The header row; it comes first, once. */
    public void header() throws IOException {
        if (headerWritten) {
            throw new IllegalStateException("the header is already written");
        }
        new CsvRow(COLUMNS).writeTo(out);
        headerWritten = true;
    }

    /** The row of one employee's work day. */
    public void row(Employee employee, WorkSession session) throws IOException {
        if (!headerWritten) {
            throw new IllegalStateException("write the header first");
        }
        rowOf(employee, session).writeTo(out);
        rows++;
    }

    /** Rows written so far, the header not counted (the export's "rows"). */
    public long rows() {
        return rows;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Flushes, then closes the underlying writer, and so the stream beneath it. */
    @Override
    public void close() throws IOException {
        out.close();
    }

    static CsvRow rowOf(Employee employee, WorkSession session) {
        if (!employee.id().equals(session.employeeId())) {
            throw new IllegalArgumentException(
                    "session of " + session.employeeId() + " given with employee " + employee.id());
        }
        ZoneId zone = Objects.requireNonNull(employee.timezone(), "employee timezone");
        return CsvRow.of(
                employee.id(),
                orEmpty(employee.employeeCode()),
                employee.fullName(),
                orEmpty(employee.department()),
                session.workDate().toString(),
                clockTime(session.firstIn(), zone),
                clockTime(session.lastOut(), zone),
                hours(session.workedSeconds()),
                Long.toString(session.workedSeconds()),
                Long.toString(session.breakSeconds()),
                Integer.toString(session.cycles().size()),
                Long.toString(session.lateSeconds()),
                Long.toString(session.earlyLeaveSeconds()),
                Long.toString(session.overtimeSeconds()),
                session.status().wire(),
                String.join(";", session.flags()),
                Long.toString(session.payableSeconds()),
                hours(session.payableSeconds()));
    }

    /** Wall-clock time in the employee's zone, seconds dropped (08:59:59 is 08:59); empty while still open. */
    static String clockTime(@Nullable Instant instant, ZoneId zone) {
        if (instant == null) {
            return "";
        }
        // The zone's offset at the instant and the minute of the local day: what formatting a ZonedDateTime as HH:mm
        // gives, without building one per cell (an export writes two per row).
        long localSeconds =
                instant.getEpochSecond() + zone.getRules().getOffset(instant).getTotalSeconds();
        int minuteOfDay = (int) (Math.floorMod(localSeconds, 86_400L) / 60);
        char[] text = {'0', '0', ':', '0', '0'};
        text[0] += (char) (minuteOfDay / 600);
        text[1] += (char) (minuteOfDay / 60 % 10);
        text[3] += (char) (minuteOfDay % 60 / 10);
        text[4] += (char) (minuteOfDay % 10);
        return new String(text);
    }

    /**
     * Hours with exactly two decimals, half up, and always a '.' whatever the default locale. Computed from the
     * row's integer seconds, so each cell is off by at most 0.005 h (18 s): a column of n rows sums to within
     * n × 0.005 h of its seconds column / 3600 — sum the seconds column when the total must be exact.
     */
    static String hours(long seconds) {
        // Hundredths of an hour, half away from zero (RoundingMode.HALF_UP) in integer arithmetic: 36 s each.
        long hundredths = (Math.abs(seconds) * 2 + 36) / 72;
        String digits = Long.toString(hundredths / 100)
                + '.'
                + (char) ('0' + hundredths % 100 / 10)
                + (char) ('0' + hundredths % 10);
        return seconds < 0 && hundredths > 0 ? "-" + digits : digits;
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }
}
