package dev.gavel.store.auction;

import dev.gavel.core.money.Wei;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Column conversions for wei, instants and nullable values. */
final class Sql {
    private Sql() {}

    static BigDecimal wei(Wei w) {
        return new BigDecimal(w.value());
    }

    static Wei wei(ResultSet rs, String column) throws SQLException {
        var d = rs.getBigDecimal(column);
        return d == null ? Wei.ZERO : Wei.of(d.toBigIntegerExact());
    }

    static Optional<Wei> optionalWei(ResultSet rs, String column) throws SQLException {
        var d = rs.getBigDecimal(column);
        return d == null ? Optional.empty() : Optional.of(Wei.of(d.toBigIntegerExact()));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        var t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    static void setNullable(PreparedStatement ps, int index, Object value, int sqlType) throws SQLException {
        if (value == null) {
            ps.setNull(index, sqlType);
        } else {
            ps.setObject(index, value, sqlType);
        }
    }

    static void setWei(PreparedStatement ps, int index, Optional<Wei> value) throws SQLException {
        if (value.isPresent()) {
            ps.setBigDecimal(index, wei(value.get()));
        } else {
            ps.setNull(index, Types.NUMERIC);
        }
    }
}
