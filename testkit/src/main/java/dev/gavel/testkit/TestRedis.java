package dev.gavel.testkit;

/**
 * A Redis logical database that belongs to one test class: empty at the start, flushed at the end.
 *
 * @param uri a {@code redis://host:port/db} URI selecting that database
 */
public record TestRedis(String uri, String host, int port, int database) {}
