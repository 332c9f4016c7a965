package dev.gavel.core;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a user may do. Roles form a small lattice rather than a line: an {@code OWNER} may do
 * everything, an {@code ADMIN} everything but owner matters, an {@code OPERATOR} runs the show
 * without changing rules, a {@code BIDDER} bids, a {@code VIEWER} only looks.
 */
public enum Role {
    VIEWER,
    BIDDER,
    OPERATOR,
    ADMIN,
    OWNER;

    /** True when a holder of this role may call something that asks for {@code required}. */
    public boolean grants(Role required) {
        return implied().contains(required);
    }

    /** Every role this one includes, itself among them. */
    public Set<Role> implied() {
        return switch (this) {
            case OWNER -> EnumSet.allOf(Role.class);
            case ADMIN -> EnumSet.of(ADMIN, OPERATOR, BIDDER, VIEWER);
            case OPERATOR -> EnumSet.of(OPERATOR, VIEWER);
            case BIDDER -> EnumSet.of(BIDDER, VIEWER);
            case VIEWER -> EnumSet.of(VIEWER);
        };
    }

    /** True when any of {@code held} grants {@code required}. */
    public static boolean anyGrants(Set<Role> held, Role required) {
        return held.stream().anyMatch(role -> role.grants(required));
    }

    /** Parses a role name case-insensitively; empty when the name is not a role. */
    public static Optional<Role> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        var wanted = name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.name().equals(wanted)).findFirst();
    }
}
