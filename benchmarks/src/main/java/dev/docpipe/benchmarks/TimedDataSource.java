package dev.docpipe.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The service's DataSource with every statement, commit and pool checkout timed, by what the
 * statement does ("result insert", "ledger: pages_done"), so the profile names the dispatcher's
 * queries without touching its code.
 */
final class TimedDataSource extends DelegatingDataSource implements AutoCloseable {

    /** Statement beginnings the dispatcher and pipeline-core send, and what to call them. */
    private static final Map<String, String> KNOWN = Map.of(
            "SELECT b.id AS batch_id", "DB target lookup (document, batch, no result yet)",
            "INSERT INTO inference_result", "DB result insert",
            "UPDATE page SET status", "DB page update",
            "UPDATE document SET pages_done", "DB ledger: pages_done + 1",
            "UPDATE document SET status = 'COMPLETED'", "DB ledger: document completed",
            "UPDATE batch SET completed_count", "DB ledger: batch counter",
            "UPDATE batch SET status = 'COMPLETED'", "DB ledger: complete the batch if done",
            "INSERT INTO audit_event", "DB audit insert (batched)",
            "SELECT batch_id FROM document", "DB batch lookup for the audit row");

    private final PhaseTimes times;

    TimedDataSource(DataSource target, PhaseTimes times) {
        super(target);
        this.times = times;
    }

    @Override
    public Connection getConnection() throws SQLException {
        boolean inMessage = times.inMessage();
        long start = System.nanoTime();
        Connection connection = obtainTargetDataSource().getConnection();
        times.record("DB connection checkout", inMessage, System.nanoTime() - start, 1);
        return timed(Connection.class, connection, (target, method, args) -> switch (method.getName()) {
            case "prepareStatement" -> timed(PreparedStatement.class, (PreparedStatement) invoke(target, method, args),
                    statementTimer(label((String) args[0])));
            case "commit", "rollback" -> timedCall("DB " + method.getName(), target, method, args);
            default -> invoke(target, method, args);
        });
    }

    private Handler statementTimer(String label) {
        return (target, method, args) -> method.getName().startsWith("execute")
                ? timedCall(label, target, method, args)
                : invoke(target, method, args);
    }

    private Object timedCall(String phase, Object target, Method method, Object[] args) throws Throwable {
        boolean inMessage = times.inMessage();
        long start = System.nanoTime();
        try {
            return invoke(target, method, args);
        } finally {
            times.record(phase, inMessage, System.nanoTime() - start, 1);
        }
    }

    static String label(String sql) {
        String normalized = sql.strip().replaceAll("\\s+", " ");
        return KNOWN.entrySet().stream()
                .filter(e -> normalized.startsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("DB " + (normalized.length() > 48 ? normalized.substring(0, 48) + "..." : normalized));
    }

    @Override
    public void close() throws Exception {
        if (obtainTargetDataSource() instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** An invocation handler with the target passed in. */
    interface Handler {
        Object handle(Object target, Method method, Object[] args) throws Throwable;
    }

    static <T> T timed(Class<T> type, T target, Handler handler) {
        InvocationHandler invocation = (proxy, method, args) -> handler.handle(target, method, args);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, invocation));
    }

    static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
