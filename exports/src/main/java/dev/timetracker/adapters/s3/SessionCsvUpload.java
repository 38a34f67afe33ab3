package dev.timetracker.adapters.s3;

import dev.timetracker.domain.employee.Employee;
import dev.timetracker.domain.report.SessionCsv;
import dev.timetracker.domain.time.WorkSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Streams sessions into a CSV object in S3: sessions are read a batch at a time, their employees looked up in
 * one batch, the rows written into a multipart upload. Memory holds one batch and one upload part, whatever
 * the number of rows; a failure aborts the upload, so no half file is ever visible.
 */
public final class SessionCsvUpload {
    private static final int BATCH = 100;

    public record Result(String key, long rows, long bytes) {}

    /** Keep every employee looked up: each is looked up once per file, not once per day. */
    public static final int EVERY_EMPLOYEE = Integer.MAX_VALUE;

    private SessionCsvUpload() {}

    /**
     * @param employees     looks up the employees of a batch of ids (sessions of unknown employees are skipped)
     * @param seen          receives every session written, e.g. to add up aggregates
     * @param employeesKept how many employees to keep once looked up (the most recently used): a file that names each
     *                      employee once (a daily file) keeps one batch's, so memory does not grow with employees;
     *                      {@link #EVERY_EMPLOYEE} looks each one up once per file, for files with many days
     */
    public static Result upload(
            S3Client s3,
            String bucket,
            String key,
            Iterator<WorkSession> sessions,
            Function<Collection<String>, Map<String, Employee>> employees,
            Consumer<WorkSession> seen,
            int employeesKept)
            throws IOException {
        long[] rows = new long[1];
        Map<String, Employee> known = new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Employee> eldest) {
                return size() > Math.max(employeesKept, BATCH);
            }
        };
        MultipartUploadStream stream = MultipartUploadStream.open(s3, bucket, key, "text/csv; charset=utf-8");
        long bytes = stream.upload(out -> {
            SessionCsv csv = SessionCsv.writer(out);
            csv.header();
            List<WorkSession> batch = new ArrayList<>(BATCH);
            while (sessions.hasNext()) {
                batch.add(sessions.next());
                if (batch.size() == BATCH || !sessions.hasNext()) {
                    List<String> unknown = batch.stream()
                            .map(WorkSession::employeeId)
                            .filter(id -> !known.containsKey(id))
                            .distinct()
                            .toList();
                    if (!unknown.isEmpty()) {
                        Map<String, Employee> found = employees.apply(unknown);
                        unknown.forEach(id -> known.put(id, found.get(id)));
                    }
                    for (WorkSession session : batch) {
                        Employee employee = known.get(session.employeeId());
                        if (employee != null) {
                            csv.row(employee, session);
                            seen.accept(session);
                        }
                    }
                    batch.clear();
                }
            }
            csv.flush();
            rows[0] = csv.rows();
        });
        return new Result(key, rows[0], bytes);
    }
}
