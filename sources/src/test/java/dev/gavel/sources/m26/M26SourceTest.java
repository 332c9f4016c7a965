package dev.gavel.sources.m26;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gavel.core.Secret;
import dev.gavel.core.time.MutableClock;
import dev.gavel.market.auth.AuthPool;
import dev.gavel.market.auth.Credential;
import dev.gavel.market.auth.CredentialKind;
import dev.gavel.market.auth.CredentialState;
import dev.gavel.market.strategy.DriftMonitor;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.sim.m26.M26Simulator;
import dev.gavel.sim.m26.M26Simulator.Fault;
import dev.gavel.sim.m26.M26Simulator.Shape;
import dev.gavel.sources.policy.SourcePolicy;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The M26 source through the real JDK HTTP client against the M26 simulator: each fault the simulator
 * injects gets its reaction (rotate, cool down, retry with back-off, open the circuit, fall over to another
 * strategy, stop the account), and no call ever throws.
 */
class M26SourceTest {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-02T18:00:00Z"));
    private final List<DriftMonitor.DriftAlert> alerts = new CopyOnWriteArrayList<>();
    private M26Simulator sim;
    private MemoryRepository repository;
    private AuthPool pool;
    private M26Source source;

    static final class MemoryRepository implements AuthPool.Repository {
        final AtomicLong ids = new AtomicLong();
        final List<Credential> saved = new CopyOnWriteArrayList<>();

        @Override
        public Credential add(Credential credential) {
            Credential c = credential.withId(ids.incrementAndGet());
            saved.add(c);
            return c;
        }

        @Override
        public void saveStanding(Credential credential) {
            saved.add(credential);
        }
    }

    /** The JDK client, but a Blaze login waits while logins are held: a mint that takes its time. */
    static final class HeldLogins extends HttpClient {
        private final HttpClient delegate =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private volatile CountDownLatch gate = new CountDownLatch(0);
        final AtomicInteger waiting = new AtomicInteger();

        void hold() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
                throws IOException, InterruptedException {
            if (request.uri().getPath().endsWith("/wal/authentication/login")) {
                waiting.incrementAndGet();
                try {
                    if (!gate.await(30, TimeUnit.SECONDS)) {
                        throw new HttpTimeoutException("the login was held too long");
                    }
                } finally {
                    waiting.decrementAndGet();
                }
            }
            return delegate.send(request, handler);
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(
                HttpRequest request, HttpResponse.BodyHandler<T> handler) {
            return delegate.sendAsync(request, handler);
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(
                HttpRequest request,
                HttpResponse.BodyHandler<T> handler,
                HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
            return delegate.sendAsync(request, handler, pushPromiseHandler);
        }

        @Override
        public Optional<CookieHandler> cookieHandler() {
            return delegate.cookieHandler();
        }

        @Override
        public Optional<Duration> connectTimeout() {
            return delegate.connectTimeout();
        }

        @Override
        public Redirect followRedirects() {
            return delegate.followRedirects();
        }

        @Override
        public Optional<ProxySelector> proxy() {
            return delegate.proxy();
        }

        @Override
        public SSLContext sslContext() {
            return delegate.sslContext();
        }

        @Override
        public SSLParameters sslParameters() {
            return delegate.sslParameters();
        }

        @Override
        public Optional<Authenticator> authenticator() {
            return delegate.authenticator();
        }

        @Override
        public Version version() {
            return delegate.version();
        }

        @Override
        public Optional<Executor> executor() {
            return delegate.executor();
        }
    }

    @BeforeEach
    void start() throws Exception {
        sim = M26Simulator.start(0, clock, 7);
        repository = new MemoryRepository();
        var initial = new ArrayList<Credential>();
        for (String account : List.of("acct-1", "acct-2")) {
            initial.add(Credential.fresh(
                            "m26",
                            account,
                            CredentialKind.REFRESH_TOKEN,
                            Secret.of(sim.addAccount(account)),
                            Optional.empty())
                    .withId(repository.ids.incrementAndGet()));
        }
        pool = new AuthPool("m26", initial, repository, clock, AuthPool.DEFAULT_MINT_INTERVAL);
        source = source(Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    private M26Source source(Duration timeout, Duration openFor) {
        return source(
                timeout,
                openFor,
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }

    private M26Source source(Duration timeout, Duration openFor, HttpClient http) {
        var settings = new M26Settings(
                sim.baseUrl(),
                sim.baseUrl(),
                "ps5",
                Optional.empty(),
                new SourcePolicy.Settings(1000, 100_000, 3, Duration.ofMillis(10), openFor, 10),
                Duration.ofSeconds(1),
                timeout,
                3);
        return new M26Source(
                settings, M26Templates.shipped(), pool, new DriftMonitor(3, clock), alerts::add, http, clock);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** Mints {@code n} tickets, moving the clock past the minting limit between them. */
    private void mint(int n) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(11));
            assertThat(source.mint()).isInstanceOf(M26Source.MintResult.Minted.class);
        }
    }

    private PageOutcome.Page page(PageOutcome outcome) {
        assertThat(outcome).isInstanceOf(PageOutcome.Page.class);
        return (PageOutcome.Page) outcome;
    }

    @Test
    void a_first_search_mints_a_ticket_through_refresh_and_login_and_reads_a_page() {
        var page = page(source.search(Map.of("pageSize", "20"), 0));

        assertThat(page.strategy()).isEqualTo("m26.responseInfo");
        assertThat(page.listings()).hasSize(20);
        assertThat(page.rejects()).isEmpty();
        assertThat(page.more()).isTrue();
        assertThat(page.listings().get(0).endsAt()).isAfterOrEqualTo(clock.instant());
        assertThat(sim.stats().tokenRefreshes()).isEqualTo(1);
        assertThat(sim.stats().logins()).isEqualTo(1);
        assertThat(pool.leasable(CredentialKind.SESSION_TICKET)).isEqualTo(1);
    }

    @Test
    void the_team_filter_and_paging_reach_the_marketplace() {
        var first = page(source.search(Map.of("team", "DAL", "pageSize", "5"), 0));
        var second = page(source.search(Map.of("team", "DAL", "pageSize", "5"), 1));

        assertThat(first.listings()).isNotEmpty();
        assertThat(second.listings()).doesNotContainAnyElementsOf(first.listings());
    }

    @Test
    void a_429_cools_that_ticket_down_for_retry_after_and_the_next_ticket_answers() {
        mint(2);
        sim.injectFault(Fault.HTTP_429, 1, Optional.empty(), 30);

        page(source.search(Map.of(), 0));

        var cooling = pool.snapshot().stream()
                .filter(c -> c.coolingAt(clock.instant()))
                .toList();
        assertThat(cooling).hasSize(1);
        assertThat(cooling.get(0).coolDownUntil()).contains(clock.instant().plusSeconds(30));
        assertThat(cooling.get(0).note()).startsWith("rate limited");
    }

    @Test
    void a_401_retires_the_ticket_and_the_call_goes_on_with_another() {
        mint(2);
        sim.injectFault(Fault.UNAUTHORIZED, 1);

        page(source.search(Map.of(), 0));

        assertThat(pool.snapshot())
                .filteredOn(c -> c.state() == CredentialState.EXPIRED)
                .hasSize(1);
    }

    @Test
    void server_errors_time_outs_and_truncated_answers_are_retried_with_back_off() {
        source = source(Duration.ofMillis(300), Duration.ofSeconds(30));
        sim.timeoutDelay(Duration.ofSeconds(2));
        mint(1);
        for (Fault f : List.of(Fault.HTTP_500, Fault.HTTP_503, Fault.TIMEOUT, Fault.MALFORMED)) {
            sim.injectFault(f, 1);
            var outcome = source.search(Map.of(), 0);
            assertThat(outcome).as("after one %s: %s", f, outcome).isInstanceOf(PageOutcome.Page.class);
        }
        assertThat(source.policy().circuitState()).isEqualTo("CLOSED");
    }

    @Test
    void a_soft_failure_is_retried_and_never_read_as_an_empty_market() {
        mint(1);
        sim.injectFault(Fault.SOFT_FAILURE, 3);

        var outcome = source.search(Map.of(), 0);

        assertThat(outcome).isInstanceOf(PageOutcome.SoftFailure.class);
        assertThat(((PageOutcome.SoftFailure) outcome).code()).isEqualTo(1);
        assertThat(pool.leasable(CredentialKind.SESSION_TICKET))
                .as("three failures in a row cool the ticket down")
                .isZero();
        clock.advance(Duration.ofSeconds(31));
        sim.injectFault(Fault.SOFT_FAILURE, 1);
        // a fourth failure in a row cools the ticket again; the retry gets the one minting meanwhile
        assertThat(page(source.search(Map.of(), 0)).listings()).isNotEmpty();
    }

    @Test
    void a_search_finding_no_ticket_ready_waits_for_the_mint_in_flight_instead_of_saying_there_is_none()
            throws Exception {
        var http = new HeldLogins();
        source = source(Duration.ofSeconds(2), Duration.ofSeconds(30), http);
        mint(1);
        clock.advance(Duration.ofSeconds(11));
        http.hold();
        try {
            // one ticket of three wanted: the search mints one more in the background, held at its login
            page(source.search(Map.of(), 0));
            await().atMost(Duration.ofSeconds(10)).until(() -> http.waiting.get() == 1);
            pool.report(
                    pool.lease(CredentialKind.SESSION_TICKET).orElseThrow(),
                    AuthPool.Outcome.UNAUTHORIZED,
                    Optional.empty());
            assertThat(pool.leasable(CredentialKind.SESSION_TICKET)).isZero();

            var outcome = new CompletableFuture<PageOutcome>();
            var searching = new Thread(() -> outcome.complete(source.search(Map.of(), 0)), "search");
            searching.start();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> outcome.isDone() || searching.getState() == Thread.State.TIMED_WAITING);

            assertThat(outcome)
                    .as("no ticket is ready, but one is on its way: the search waits for it")
                    .isNotDone();
            http.release();
            assertThat(outcome)
                    .succeedsWithin(Duration.ofSeconds(10))
                    .isInstanceOfSatisfying(PageOutcome.Page.class, p -> assertThat(p.listings())
                            .isNotEmpty());
            assertThat(sim.stats().logins()).isEqualTo(2);
        } finally {
            http.release();
        }
    }

    @Test
    void a_blaze_error_object_comes_back_as_the_sources_error_with_its_message() {
        mint(1);
        sim.injectFault(Fault.BLAZE_ERROR, 1);

        var outcome = source.search(Map.of(), 0);

        assertThat(outcome).isInstanceOf(PageOutcome.SourceError.class);
        var error = (PageOutcome.SourceError) outcome;
        assertThat(error.name()).isEqualTo("MUT_ERR_SEARCH_UNAVAILABLE");
        assertThat(error.message()).contains("temporarily unavailable");
    }

    @Test
    void repeated_failures_open_the_circuit_and_calls_stop_reaching_the_marketplace() {
        mint(4);
        sim.injectFault(Fault.HTTP_500, 100);
        for (int i = 0; i < 6 && !source.policy().circuitState().equals("OPEN"); i++) {
            assertThat(source.search(Map.of(), 0)).isInstanceOf(PageOutcome.Unavailable.class);
        }
        assertThat(source.policy().circuitState()).isEqualTo("OPEN");
        long calls = sim.stats().processCalls();

        var outcome = source.search(Map.of(), 0);

        assertThat(outcome).isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> assertThat(u.failure())
                .isEqualTo(PageOutcome.Failure.CIRCUIT_OPEN));
        assertThat(sim.stats().processCalls()).isEqualTo(calls);
    }

    @Test
    void a_captcha_stops_every_credential_of_that_account_and_the_other_account_carries_on() {
        mint(2);
        var accounts = pool.snapshot().stream()
                .filter(c -> c.kind() == CredentialKind.SESSION_TICKET)
                .map(Credential::account)
                .distinct()
                .toList();
        assertThat(accounts).containsExactlyInAnyOrder("acct-1", "acct-2");
        sim.injectFault(Fault.CAPTCHA, 1, Optional.of("acct-1"));

        var outcomes = new ArrayList<PageOutcome>();
        for (int i = 0; i < 4; i++) {
            outcomes.add(source.search(Map.of(), 0));
        }

        assertThat(outcomes).filteredOn(o -> o instanceof PageOutcome.Captcha).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof PageOutcome.Page).hasSizeGreaterThanOrEqualTo(3);
        assertThat(pool.snapshot())
                .filteredOn(c -> c.account().equals("acct-1"))
                .allSatisfy(c -> assertThat(c.state()).isEqualTo(CredentialState.STOPPED));
        assertThat(pool.snapshot())
                .filteredOn(c -> c.account().equals("acct-2"))
                .allSatisfy(c -> assertThat(c.state()).isEqualTo(CredentialState.ACTIVE));
    }

    @Test
    void older_answer_shapes_fall_over_to_their_strategies() {
        mint(1);
        sim.shape(Shape.LEGACY);
        assertThat(page(source.search(Map.of(), 0)).strategy()).isEqualTo("m26.legacy.result.Data");
        sim.shape(Shape.FUT);
        var fut = page(source.search(Map.of(), 0));
        assertThat(fut.strategy()).isEqualTo("fut.auctionInfo");
        assertThat(fut.listings()).isNotEmpty();
        assertThat(source.health().lastStrategy()).contains("fut.auctionInfo");
    }

    @Test
    void answers_no_strategy_fits_are_drift_and_three_in_a_row_raise_one_alert() {
        mint(1);
        sim.shape(Shape.RENAMED);

        for (int i = 0; i < 5; i++) {
            assertThat(source.search(Map.of(), 0)).isInstanceOf(PageOutcome.Drift.class);
        }

        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).reasons()).hasSize(3);
        sim.shape(Shape.CURRENT);
        page(source.search(Map.of(), 0));
        assertThat(source.health().driftStreak()).isZero();
    }

    @Test
    void without_any_credential_a_search_says_so_instead_of_throwing() {
        pool.replaceAll(List.of());

        var outcome = source.search(Map.of(), 0);

        assertThat(outcome).isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> assertThat(u.failure())
                .isEqualTo(PageOutcome.Failure.NO_CREDENTIAL));
    }

    @Test
    void a_capture_of_the_simulator_imports_into_a_pool_that_searches() {
        sim.addAccount("acct-9");
        var imported = M26HarImport.read(List.of(new M26HarImport.Capture("sim.har", sim.har("acct-9"))));

        assertThat(imported.credentials())
                .extracting(Credential::kind)
                .contains(CredentialKind.SESSION_TICKET, CredentialKind.REFRESH_TOKEN);
        assertThat(imported.templates()).containsKey("search.json");
        // stored on import, so numbered before any ticket minted later (as the store numbers them)
        var stored = imported.credentials().stream()
                .map(c -> c.withId(repository.ids.incrementAndGet()))
                .toList();
        var importedIds = stored.stream().map(Credential::id).toList();
        pool.replaceAll(stored);

        assertThat(page(source.search(Map.of(), 0)).listings()).isNotEmpty();
        // the imported ticket served the search; a backup minting in the background meanwhile, even one
        // done before the lease, is numbered after it and so is not the least recently used
        assertThat(pool.snapshot())
                .filteredOn(c -> c.kind() == CredentialKind.SESSION_TICKET && importedIds.contains(c.id()))
                .singleElement()
                .satisfies(c -> assertThat(c.lastUsedAt()).isPresent());
    }

    @Test
    void bad_queries_are_named_field_by_field() {
        assertThat(source.queryProblems(Map.of("team", "Dallas Cowboys", "pageSize", "500", "color", "red")))
                .containsOnlyKeys("team", "pageSize", "color");
        assertThat(source.queryProblems(Map.of("team", "DAL", "pageSize", "20")))
                .isEmpty();
    }
}
