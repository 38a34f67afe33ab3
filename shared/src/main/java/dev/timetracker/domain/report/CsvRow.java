package dev.timetracker.domain.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * One line of an RFC 4180 file as it is written: each cell cleaned of characters that are no text, guarded against
 * formula injection, then quoted when it must be, the cells joined by commas and the line ended by CRLF.
 */
public record CsvRow(List<String> cells) {
    static final String LINE_END = "\r\n";

    /** @param cells in column order; an empty cell is "", never null */
    public CsvRow {
        cells = List.copyOf(cells);
        if (cells.isEmpty()) {
            // An empty line reads back as one empty cell, not as no cells.
            throw new IllegalArgumentException("a CSV row has at least one cell");
        }
    }

    public static CsvRow of(String... cells) {
        return new CsvRow(List.of(cells));
    }

    /** The row exactly as it appears in the file, CRLF included. */
    public String line() {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(quoted(guarded(cleaned(cells.get(i)))));
        }
        return line.append(LINE_END).toString();
    }

    public void writeTo(Writer out) throws IOException {
        out.write(line());
    }

    /**
     * Control characters other than tab, CR and LF (NUL, ESC, DEL, C1 controls) and unpaired surrogates become
     * U+FFFD. Input refuses them today, but values stored before those rules may hold them, and a NUL or an escape
     * sequence in a file people open in a spreadsheet or a terminal is a hazard, while a lone surrogate cannot be
     * written as UTF-8 at all. Tab, CR and LF are handled by the guard and by quoting.
     */
    static String cleaned(String cell) {
        if (isPrintableAscii(cell) || cell.codePoints().noneMatch(CsvRow::isNoText)) {
            return cell;
        }
        StringBuilder clean = new StringBuilder(cell.length());
        cell.codePoints().forEach(c -> clean.appendCodePoint(isNoText(c) ? 0xFFFD : c));
        return clean.toString();
    }

    /** The common case, checked without walking code points: every char a printable ASCII one, or tab, CR, LF. */
    private static boolean isPrintableAscii(String cell) {
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if ((c < ' ' && c != '\t' && c != '\r' && c != '\n') || c > '~') {
                return false;
            }
        }
        return true;
    }

    private static boolean isNoText(int codePoint) {
        int type = Character.getType(codePoint);
        return (type == Character.CONTROL && codePoint != '\t' && codePoint != '\r' && codePoint != '\n')
                || type == Character.SURROGATE;
    }

    /**
     * Spreadsheets evaluate a cell starting with = + - or @ as a formula (and some strip a leading tab or CR
     * before looking), so such a cell is made text with a leading apostrophe. This alters the value on purpose:
     * the file is for people opening it in a spreadsheet, and the contract asks for it.
     */
    static String guarded(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        return switch (cell.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + cell;
            default -> cell;
        };
    }

    /** RFC 4180 §2.6–2.7: a cell holding a comma, quote, CR or LF is enclosed in quotes, its quotes doubled. */
    static String quoted(String cell) {
        boolean needsQuotes = false;
        for (int i = 0; i < cell.length() && !needsQuotes; i++) {
            char c = cell.charAt(i);
            needsQuotes = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return needsQuotes ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
}
