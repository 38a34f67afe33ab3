package dev.timetracker.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One section of the results: a title, notes that say how it was measured, and a Markdown table. The same text
 * goes to the terminal and to the file; cells are padded so that the columns line up in both.
 */
public final class Table {
    private final String title;
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Table(String title, String... headers) {
        this.title = title;
        this.headers = List.of(headers);
    }

    Table row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(
                    title + ": " + cells.length + " cells for " + headers.size() + " columns");
        }
        rows.add(List.of(cells));
        return this;
    }

    Table note(String note) {
        notes.add(note);
        return this;
    }

    public String title() {
        return title;
    }

    public List<String> headers() {
        return headers;
    }

    public List<List<String>> rows() {
        return List.copyOf(rows);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** The row whose first cell is this, or null. */
    public List<String> row(String firstCell) {
        return rows.stream()
                .filter(row -> row.get(0).equals(firstCell))
                .findFirst()
                .orElse(null);
    }

    public String cell(String firstCell, String header) {
        List<String> row = row(firstCell);
        int column = headers.indexOf(header);
        return row == null || column < 0 ? null : row.get(column);
    }

    String markdown() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = Math.max(3, headers.get(c).length());
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder("## ").append(title).append("\n\n");
        for (String note : notes) {
            out.append(note).append("\n");
        }
        if (!notes.isEmpty()) {
            out.append("\n");
        }
        boolean[] figures = new boolean[widths.length];
        for (int c = 1; c < widths.length; c++) {
            int column = c;
            figures[c] = !rows.isEmpty()
                    && rows.stream()
                            .allMatch(row -> FIGURE.matcher(row.get(column)).matches());
        }
        line(out, headers, widths, new boolean[widths.length]);
        StringBuilder rule = new StringBuilder("|");
        for (int c = 0; c < widths.length; c++) {
            rule.append(figures[c] ? "-".repeat(widths[c] + 1) + ":" : "-".repeat(widths[c] + 2))
                    .append("|");
        }
        out.append(rule).append("\n");
        for (List<String> row : rows) {
            line(out, row, widths, figures);
        }
        return out.append("\n").toString();
    }

    /** Figures (right-aligned): 12, 1,234, 3.5, 0.78×, 12.0 MiB, 97 %. */
    private static final java.util.regex.Pattern FIGURE =
            java.util.regex.Pattern.compile("[-+]?[\\d.,]+( ?(×|%|ms|s|MiB|MB/s))?");

    private static void line(StringBuilder out, List<String> cells, int[] widths, boolean[] rightAligned) {
        out.append("|");
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c).replace("|", "\\|");
            String padding = " ".repeat(Math.max(0, widths[c] - cell.length()));
            out.append(' ')
                    .append(rightAligned[c] ? padding + cell : cell + padding)
                    .append(" |");
        }
        out.append("\n");
    }
}
