package dev.gavel.store.market;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.OptionalLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows for {@code COPY … FROM STDIN} in PostgreSQL's text format, streamed to the server in 64 KiB chunks.
 * Escapes backslash, tab, newline and carriage return, and writes {@code \N} for NULL; everything else
 * (quotes, commas, any Unicode) goes through as UTF-8. Not thread-safe: one per COPY.
 */
final class CopyRows implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;

    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(CHUNK + 1024);
    private boolean firstField = true;
    private boolean done;

    private CopyRows(CopyIn copy) {
        this.copy = copy;
    }

    /** Starts {@code sql} (a {@code COPY … FROM STDIN} statement) on the JDBC connection under a pool proxy. */
    static CopyRows start(Connection connection, String sql) throws SQLException {
        return new CopyRows(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql));
    }

    CopyRows text(String value) {
        separate();
        if (value == null) {
            buffer.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> buffer.append("\\\\");
                case '\t' -> buffer.append("\\t");
                case '\n' -> buffer.append("\\n");
                case '\r' -> buffer.append("\\r");
                default -> buffer.append(c);
            }
        }
        return this;
    }

    CopyRows number(long value) {
        separate();
        buffer.append(value);
        return this;
    }

    CopyRows amount(OptionalLong value) {
        if (value.isEmpty()) {
            return text(null);
        }
        return number(value.getAsLong());
    }

    CopyRows instant(Instant value) {
        return text(value.toString());
    }

    /** Ends the row; sends the buffer once it holds a chunk. */
    void endRow() throws SQLException {
        buffer.append('\n');
        firstField = true;
        if (buffer.length() >= CHUNK) {
            flush();
        }
    }

    /** Finishes the COPY; returns how many rows the server took. */
    long finish() throws SQLException {
        flush();
        done = true;
        return copy.endCopy();
    }

    private void separate() {
        if (!firstField) {
            buffer.append('\t');
        }
        firstField = false;
    }

    private void flush() throws SQLException {
        if (buffer.isEmpty()) {
            return;
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    /** Cancels a COPY that did not finish, so the connection can be used (and rolled back) again. */
    @Override
    public void close() throws SQLException {
        if (!done && copy.isActive()) {
            copy.cancelCopy();
        }
    }
}
