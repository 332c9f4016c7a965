package dev.gavel.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A fresh, empty PostgreSQL database that belongs to one test class and is dropped after it. */
public record TestDatabase(String url, String user, String password, String name) {

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
