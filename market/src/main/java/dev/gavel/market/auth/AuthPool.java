package dev.gavel.market.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The credentials of one source and who gets which next. A lease goes to the least recently used
 * credential of the asked kind that is active, unexpired, not cooling down and whose account is not
 * stopped. Outcomes reported back move health, failure counts and cool-downs; a captcha stops every
 * credential of that account. New tickets are minted at most once per {@code mintInterval}. Every change
 * of standing goes to the {@link Repository}. Thread-safe.
 */
public final class AuthPool {
    /** Where the pool keeps credentials between runs (the store, or memory in tests). */
    public interface Repository {
        Credential add(Credential credential);

        void saveStanding(Credential credential);
    }

    /** A credential handed out for one call. */
    public record Lease(Credential credential, Instant at) {
        public String account() {
            return credential.account();
        }
    }

    /** How a call with a leased credential went. */
    public enum Outcome {
        OK,
        /** The source refused the credential (401, expired session). */
        UNAUTHORIZED,
        /** 429: cool the credential down for the retry-after time or a growing back-off. */
        RATE_LIMITED,
        /** A captcha: stop the account until a person looks. */
        CAPTCHA,
        /** A 5xx, time-out or soft failure: a small health penalty, a cool-down after three in a row. */
        TRANSIENT
    }

    /** How many of each kind, by state, for an operator. */
    public record Summary(int active, int leasable, int coolingDown, int expired, int stopped) {}

    public static final Duration DEFAULT_MINT_INTERVAL = Duration.ofSeconds(10);
    private static final Duration BASE_COOL_DOWN = Duration.ofSeconds(30);
    private static final Duration MAX_COOL_DOWN = Duration.ofMinutes(15);

    private final String source;
    private final Repository repository;
    private final Clock clock;
    private final Duration mintInterval;
    private final Map<Long, Credential> credentials = new LinkedHashMap<>();
    private Optional<Instant> lastMint = Optional.empty();

    public AuthPool(
            String source, List<Credential> initial, Repository repository, Clock clock, Duration mintInterval) {
        this.source = source;
        this.repository = repository;
        this.clock = clock;
        this.mintInterval = mintInterval;
        for (Credential c : initial) {
            if (!c.source().equals(source)) {
                throw new IllegalArgumentException("credential " + c.id() + " belongs to " + c.source());
            }
            credentials.put(c.id(), c);
        }
    }

    public String source() {
        return source;
    }

    /** The least recently used leasable credential of {@code kind}, marked used now. */
    public synchronized Optional<Lease> lease(CredentialKind kind) {
        Instant now = clock.instant();
        expireDue(now);
        Optional<Credential> pick = credentials.values().stream()
                .filter(c -> c.kind() == kind && leasable(c, now))
                .min(Comparator.comparing((Credential c) -> c.lastUsedAt().orElse(Instant.EPOCH))
                        .thenComparing(
                                Comparator.comparingInt(Credential::health).reversed())
                        .thenComparingLong(Credential::id));
        return pick.map(c -> {
            Credential used =
                    c.withStanding(c.state(), c.health(), c.failures(), c.coolDownUntil(), Optional.of(now), c.note());
            credentials.put(used.id(), used);
            return new Lease(used, now);
        });
    }

    /** Reports how a call with {@code lease} went; {@code retryAfter} is the source's hint on a 429. */
    public synchronized void report(Lease lease, Outcome outcome, Optional<Duration> retryAfter) {
        Credential c = credentials.get(lease.credential().id());
        if (c == null || c.state() == CredentialState.STOPPED) {
            // a stopped credential stays stopped until re-imported, whatever a call still in flight reports
            return;
        }
        Instant now = clock.instant();
        switch (outcome) {
            case OK -> {
                if (c.health() < 100 || c.failures() > 0 || c.coolDownUntil().isPresent()) {
                    save(c.withStanding(c.state(), c.health() + 5, 0, Optional.empty(), c.lastUsedAt(), c.note()));
                } else {
                    credentials.put(c.id(), c);
                }
            }
            case UNAUTHORIZED -> {
                if (c.kind() == CredentialKind.SESSION_TICKET || c.kind() == CredentialKind.ACCESS_TOKEN) {
                    save(c.withStanding(
                            CredentialState.EXPIRED,
                            c.health() - 50,
                            c.failures() + 1,
                            Optional.empty(),
                            c.lastUsedAt(),
                            "refused by the source at " + now));
                } else {
                    save(c.withStanding(
                            c.state(),
                            c.health() - 30,
                            c.failures() + 1,
                            Optional.of(now.plus(coolDown(c.failures() + 1))),
                            c.lastUsedAt(),
                            "refused by the source at " + now));
                }
            }
            case RATE_LIMITED -> {
                // a hint longer than the longest cool-down is capped, not swapped for a shorter back-off
                Duration wait = retryAfter
                        .filter(d -> !d.isNegative())
                        .map(d -> d.compareTo(MAX_COOL_DOWN) > 0 ? MAX_COOL_DOWN : d)
                        .orElse(coolDown(c.failures() + 1));
                save(c.withStanding(
                        c.state(),
                        c.health() - 20,
                        c.failures() + 1,
                        Optional.of(now.plus(wait)),
                        c.lastUsedAt(),
                        "rate limited at " + now));
            }
            case TRANSIENT -> {
                int failures = c.failures() + 1;
                save(c.withStanding(
                        c.state(),
                        c.health() - 10,
                        failures,
                        failures >= 3 ? Optional.of(now.plus(coolDown(failures - 2))) : c.coolDownUntil(),
                        c.lastUsedAt(),
                        c.note()));
            }
            case CAPTCHA -> stopAccount(c.account(), "captcha at " + now + ": solve it in the app, then re-import");
        }
    }

    /** Stops every credential of {@code account}; they are not leased again until re-imported. */
    public synchronized void stopAccount(String account, String reason) {
        for (Credential c : List.copyOf(credentials.values())) {
            if (c.account().equals(account) && c.state() != CredentialState.STOPPED) {
                save(c.withStanding(
                        CredentialState.STOPPED, 0, c.failures() + 1, Optional.empty(), c.lastUsedAt(), reason));
            }
        }
    }

    /**
     * Claims the right to mint one new credential now; false when one was minted within the mint
     * interval. A caller that claims and then fails does not get a second try sooner.
     */
    public synchronized boolean tryClaimMint() {
        Instant now = clock.instant();
        if (lastMint.isPresent() && Duration.between(lastMint.get(), now).compareTo(mintInterval) < 0) {
            return false;
        }
        lastMint = Optional.of(now);
        return true;
    }

    /** When the next mint may happen. */
    public synchronized Instant nextMintAt() {
        return lastMint.map(m -> m.plus(mintInterval)).orElse(clock.instant());
    }

    /** Adds a credential just minted or imported. */
    public synchronized Credential add(Credential credential) {
        Credential stored = repository.add(credential);
        credentials.put(stored.id(), stored);
        return stored;
    }

    /** Replaces the pool's credentials with {@code fresh} (after an import), keeping the mint clock. */
    public synchronized void replaceAll(List<Credential> fresh) {
        credentials.clear();
        for (Credential c : fresh) {
            credentials.put(c.id(), c);
        }
    }

    /**
     * Brings the pool level with what is stored (another node imported, minted or stopped credentials):
     * new ones are added, removed ones dropped, and a credential stored as stopped or expired takes that
     * state; for the rest this node's view (health, last use, cool-down) is kept.
     */
    public synchronized void sync(List<Credential> stored) {
        var ids = new java.util.HashSet<Long>();
        for (Credential c : stored) {
            ids.add(c.id());
            Credential mine = credentials.get(c.id());
            if (mine == null || (c.state() != CredentialState.ACTIVE && mine.state() == CredentialState.ACTIVE)) {
                credentials.put(c.id(), c);
            }
        }
        credentials.keySet().retainAll(ids);
    }

    /** How many credentials of {@code kind} could be leased right now. */
    public synchronized int leasable(CredentialKind kind) {
        Instant now = clock.instant();
        return (int) credentials.values().stream()
                .filter(c -> c.kind() == kind && leasable(c, now))
                .count();
    }

    /** How many of {@code account}'s credentials of {@code kind} could be leased right now. */
    public synchronized int leasable(String account, CredentialKind kind) {
        Instant now = clock.instant();
        return (int) credentials.values().stream()
                .filter(c -> c.account().equals(account) && c.kind() == kind && leasable(c, now))
                .count();
    }

    /** The accounts whose credentials are not stopped, in a stable order. */
    public synchronized List<String> liveAccounts() {
        var accounts = new java.util.TreeSet<String>();
        var stopped = stoppedAccounts();
        credentials.values().forEach(c -> accounts.add(c.account()));
        accounts.removeAll(stopped);
        return List.copyOf(accounts);
    }

    /** The active credential of {@code kind} for {@code account}, if any (e.g. its refresh token). */
    public synchronized Optional<Credential> find(String account, CredentialKind kind) {
        Instant now = clock.instant();
        return credentials.values().stream()
                .filter(c -> c.account().equals(account) && c.kind() == kind && leasable(c, now))
                .findFirst();
    }

    public synchronized List<Credential> snapshot() {
        return List.copyOf(credentials.values());
    }

    /** Counts per kind. */
    public synchronized Map<CredentialKind, Summary> summary() {
        Instant now = clock.instant();
        var out = new TreeMap<CredentialKind, Summary>();
        for (CredentialKind kind : CredentialKind.values()) {
            List<Credential> of =
                    credentials.values().stream().filter(c -> c.kind() == kind).toList();
            if (of.isEmpty()) {
                continue;
            }
            out.put(
                    kind,
                    new Summary(
                            count(of, c -> c.state() == CredentialState.ACTIVE && !c.expiredAt(now)),
                            count(of, c -> leasable(c, now)),
                            count(of, c -> c.state() == CredentialState.ACTIVE && c.coolingAt(now)),
                            count(
                                    of,
                                    c -> c.state() == CredentialState.EXPIRED
                                            || (c.state() == CredentialState.ACTIVE && c.expiredAt(now))),
                            count(of, c -> c.state() == CredentialState.STOPPED)));
        }
        return out;
    }

    private static int count(List<Credential> of, java.util.function.Predicate<Credential> p) {
        return (int) of.stream().filter(p).count();
    }

    private boolean leasable(Credential c, Instant now) {
        // a ticket added for an account after it was stopped (a mint in flight at the captcha) stays unused
        return c.state() == CredentialState.ACTIVE
                && !c.expiredAt(now)
                && !c.coolingAt(now)
                && credentials.values().stream()
                        .noneMatch(o -> o.account().equals(c.account()) && o.state() == CredentialState.STOPPED);
    }

    private java.util.Set<String> stoppedAccounts() {
        var stopped = new java.util.HashSet<String>();
        credentials.values().stream()
                .filter(c -> c.state() == CredentialState.STOPPED)
                .forEach(c -> stopped.add(c.account()));
        return stopped;
    }

    private void expireDue(Instant now) {
        for (Credential c : new ArrayList<>(credentials.values())) {
            if (c.state() == CredentialState.ACTIVE && c.expiredAt(now)) {
                save(c.withStanding(
                        CredentialState.EXPIRED,
                        c.health(),
                        c.failures(),
                        Optional.empty(),
                        c.lastUsedAt(),
                        "expired at " + c.expiresAt().orElseThrow()));
            }
        }
    }

    private static Duration coolDown(int failures) {
        Duration d = BASE_COOL_DOWN.multipliedBy(1L << Math.min(10, Math.max(0, failures - 1)));
        return d.compareTo(MAX_COOL_DOWN) > 0 ? MAX_COOL_DOWN : d;
    }

    private void save(Credential c) {
        credentials.put(c.id(), c);
        repository.saveStanding(c);
    }
}
