package dev.gavel.sim.m26;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.core.time.MutableClock;
import dev.gavel.sim.m26.M26Simulator.Fault;
import dev.gavel.sim.m26.M26Simulator.MarketEvent;
import dev.gavel.sim.m26.M26Simulator.Shape;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterators;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class M26SimulatorTest {
    private static final long SEED = 2026L;
    private static final String SEARCH = "Mobile_SearchAuctions";
    private static final String ALL = "{\"filters\":[],\"itemName\":\"\",\"pageSize\":50,\"start\":0}";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-21T19:00:00Z"));
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private M26Simulator sim;

    @BeforeEach
    void start() throws Exception {
        sim = M26Simulator.start(0, clock, SEED);
    }

    @AfterEach
    void stop() {
        sim.close();
        http.close();
    }

    // ---- the login chain

    @Test
    void a_refresh_token_buys_an_access_token_that_logs_in_and_the_session_searches_the_market() throws Exception {
        String refreshToken = sim.addAccount("acct-1");

        var token = post("/connect/token", "application/x-www-form-urlencoded", form(refreshToken), Map.of());
        assertThat(token.statusCode()).isEqualTo(200);
        JsonNode grant = json.readTree(token.body());
        assertThat(grant.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(grant.path("expires_in").asInt()).isEqualTo(3600);
        assertThat(grant.path("refresh_token").asText()).isEqualTo(refreshToken);
        String accessToken = grant.path("access_token").asText();
        assertThat(accessToken).isNotBlank();

        var login = post("/wal/authentication/login", "application/json", loginBody(accessToken, "ps5"), Map.of());
        assertThat(login.statusCode()).isEqualTo(200);
        JsonNode info = json.readTree(login.body()).path("userLoginInfo");
        assertThat(info.path("sessionKey").asText()).matches("[0-9a-f]{32}");
        assertThat(info.path("blazeId").isIntegralNumber()).isTrue();
        assertThat(info.path("isFirstLogin").asBoolean(true)).isFalse();
        assertThat(info.path("personaDetails").path("displayName").asText()).isEqualTo("acct-1");
        assertThat(info.path("personaDetails").path("personaId").asLong()).isPositive();
        assertThat(info.path("personaDetails").path("extId").asLong()).isZero();
        assertThat(info.path("personaDetails").path("lastAuthenticated").asLong())
                .isEqualTo(clock.instant().getEpochSecond());

        JsonNode page = json.readTree(process(info.path("sessionKey").asText(), SEARCH, 2050, 9153, "{}")
                .body());
        JsonNode value = page.path("responseInfo").path("value");
        assertThat(value.path("details")).hasSize(20);
        assertThat(value.path("truncated").asBoolean()).isTrue();
        assertThat(value.path("responseData").path("uiErrorCode").asInt()).isZero();
        assertThat(value.path("responseData").path("message").asText()).isEmpty();
        assertThat(value.path("responseData").path("captchaGuid").isNull()).isTrue();
        assertThat(value.path("responseData").path("captchaUrl").isNull()).isTrue();
        assertWellFormedItem(value.path("details").get(0));
        assertThat(sim.stats()).isEqualTo(new M26Simulator.Stats(1, 1, 1, 0));
    }

    @Test
    void every_console_logs_in_and_each_login_mints_a_new_session_key() throws Exception {
        String accessToken = accessToken(sim.addAccount("acct-1"));
        var keys = new HashSet<String>();
        for (String console : List.of("ps5", "xbsx", "pc", "ps5")) {
            JsonNode login = json.readTree(
                    post("/wal/authentication/login", "application/json", loginBody(accessToken, console), Map.of())
                            .body());
            keys.add(login.path("userLoginInfo").path("sessionKey").asText());
        }
        assertThat(keys).hasSize(4);
        for (String key : keys) {
            assertThat(process(key, SEARCH, 2050, 9153, "{}").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void an_unknown_refresh_token_or_another_grant_is_an_invalid_grant() throws Exception {
        String refreshToken = sim.addAccount("acct-1");

        var unknown = post("/connect/token", "application/x-www-form-urlencoded", form("nope"), Map.of());
        var otherGrant = post(
                "/connect/token",
                "application/x-www-form-urlencoded",
                "grant_type=password&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8),
                Map.of());

        for (var answer : List.of(unknown, otherGrant)) {
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(json.readTree(answer.body()).path("error").asText()).isEqualTo("invalid_grant");
            assertThat(json.readTree(answer.body()).path("error_description").asText())
                    .isNotBlank();
        }
        assertThat(sim.stats().tokenRefreshes()).isZero();
    }

    @Test
    void a_second_refresh_token_for_an_account_works_as_the_first_does() throws Exception {
        String first = sim.addAccount("acct-1");
        String second = sim.addAccount("acct-1");

        assertThat(second).isNotEqualTo(first);
        var a = login(accessToken(first), "pc");
        var b = login(accessToken(second), "pc");
        assertThat(a.path("personaDetails").path("personaId").asLong())
                .isEqualTo(b.path("personaDetails").path("personaId").asLong());
    }

    @Test
    void a_bad_or_expired_access_token_or_a_bad_product_name_answers_an_auth_error_object() throws Exception {
        String accessToken = accessToken(sim.addAccount("acct-1"));

        var unknown = post("/wal/authentication/login", "application/json", loginBody("nope", "ps5"), Map.of());
        var badProduct = post(
                "/wal/authentication/login",
                "application/json",
                "{\"accessToken\":\"" + accessToken + "\",\"productName\":\"madden-2025-ps5-mca\"}",
                Map.of());
        clock.advance(Duration.ofMinutes(61));
        var expired = post("/wal/authentication/login", "application/json", loginBody(accessToken, "ps5"), Map.of());

        for (var answer : List.of(unknown, badProduct, expired)) {
            assertThat(answer.statusCode()).isEqualTo(200);
            JsonNode error = json.readTree(answer.body()).path("error");
            assertThat(error.path("errorname").asText()).isEqualTo("AUTH_ERR_INVALID_TOKEN");
            assertThat(error.path("component").asInt()).isEqualTo(1);
            assertThat(error.path("errorcode").asLong()).isEqualTo(1_073_807_361L);
            assertThat(error.path("errortdf").path("errorString").asText()).isNotBlank();
        }
        assertThat(sim.stats().logins()).isZero();
    }

    @Test
    void a_session_expires_after_its_ttl_with_a_401() throws Exception {
        String session = session("acct-1");
        clock.advance(Duration.ofMinutes(59));
        assertThat(process(session, SEARCH, 2050, 9153, "{}").statusCode()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(1));
        var expired = process(session, SEARCH, 2050, 9153, "{}");

        assertExpiredSession(expired);
        assertExpiredSession(process("0123456789abcdef0123456789abcdef", SEARCH, 2050, 9153, "{}"));
    }

    @Test
    void a_shorter_session_ttl_ends_sessions_sooner() throws Exception {
        sim.sessionTtl(Duration.ofMinutes(5));
        String session = session("acct-1");

        clock.advance(Duration.ofMinutes(5));

        assertExpiredSession(process(session, SEARCH, 2050, 9153, "{}"));
        assertThat(process(session("acct-1"), SEARCH, 2050, 9153, "{}").statusCode())
                .isEqualTo(200);
    }

    // ---- search: paging, filters, details

    @Test
    void pages_cover_every_visible_listing_once_soonest_to_end_first_and_only_the_last_is_not_truncated()
            throws Exception {
        String session = session("acct-1");
        clock.advance(Duration.ofMinutes(3));

        var seen = new ArrayList<JsonNode>();
        var truncated = new ArrayList<Boolean>();
        for (int start = 0; truncated.isEmpty() || truncated.get(truncated.size() - 1); start += 50) {
            JsonNode value = json.readTree(process(
                                    session,
                                    SEARCH,
                                    2050,
                                    9153,
                                    "{\"itemName\":\"\",\"pageSize\":50,\"start\":" + start + "}")
                            .body())
                    .path("responseInfo")
                    .path("value");
            value.path("details").forEach(seen::add);
            truncated.add(value.path("truncated").asBoolean());
        }

        int visible = sim.market().visible().size();
        assertThat(seen).hasSize(visible);
        assertThat(truncated).hasSize((visible + 49) / 50);
        assertThat(seen.stream().map(d -> d.path("auctionId").asLong()).distinct())
                .hasSize(visible);
        assertThat(seen)
                .isSortedAccordingTo(Comparator.<JsonNode>comparingInt(
                                d -> d.path("secondsRemaining").asInt())
                        .thenComparingLong(d -> d.path("auctionId").asLong()));
        var beyond = json.readTree(process(session, SEARCH, 2050, 9153, "{\"pageSize\":50,\"start\":100000}")
                        .body())
                .path("responseInfo")
                .path("value");
        assertThat(beyond.path("details")).isEmpty();
        assertThat(beyond.path("truncated").asBoolean()).isFalse();
    }

    @Test
    void the_team_filter_keeps_that_teams_cards_in_any_case() throws Exception {
        String session = session("acct-1");

        var dallas = allPages(session, "[{\"type\":\"team\",\"value\":\"dal\"}]", "");

        int dalId = CardCatalogue.TEAMS.indexOf("DAL") + 1;
        assertThat(dallas).isNotEmpty();
        assertThat(dallas)
                .allSatisfy(
                        d -> assertThat(d.path("card").path("teamId").asInt()).isEqualTo(dalId));
        assertThat(dallas).hasSize((int) sim.market().visible().stream()
                .filter(a -> a.card().team().equals("DAL"))
                .count());
    }

    @Test
    void the_program_filter_keeps_that_programs_cards_and_combines_with_the_team_filter() throws Exception {
        String session = session("acct-1");

        var diamonds = allPages(session, "[{\"type\":\"program\",\"value\":\"TEAM DIAMONDS\"}]", "");
        assertThat(diamonds).isNotEmpty();
        assertThat(diamonds).allSatisfy(d -> assertThat(
                        d.path("card").path("program").path("programName").asText())
                .isEqualTo("Team Diamonds"));

        int team = diamonds.get(0).path("card").path("teamId").asInt();
        String abbreviation = CardCatalogue.TEAMS.get(team - 1);
        var both = allPages(
                session,
                "[{\"type\":\"team\",\"value\":\"" + abbreviation
                        + "\"},{\"type\":\"program\",\"value\":\"Team Diamonds\"}]",
                "");
        assertThat(both).isNotEmpty().allSatisfy(d -> {
            assertThat(d.path("card").path("teamId").asInt()).isEqualTo(team);
            assertThat(d.path("card").path("program").path("programName").asText())
                    .isEqualTo("Team Diamonds");
        });
        assertThat(both.size()).isLessThan(diamonds.size() + 1);
    }

    @Test
    void the_item_name_matches_a_case_insensitive_part_of_the_full_name() throws Exception {
        String session = session("acct-1");
        var any = sim.market().visible().get(0).card();
        String part = (any.firstName().substring(1) + " " + any.secondName().substring(0, 3)).toUpperCase();

        var found = allPages(session, "[]", part);

        assertThat(found).isNotEmpty().allSatisfy(d -> assertThat(
                        (d.path("card").path("firstName").asText() + " "
                                        + d.path("card").path("secondName").asText())
                                .toUpperCase())
                .contains(part));
        assertThat(allPages(session, "[]", "zzzz nobody")).isEmpty();
    }

    @Test
    void refresh_auction_details_answers_the_listings_that_exist() throws Exception {
        String session = session("acct-1");
        var visible = sim.market().visible();
        long a = visible.get(3).auctionId();
        long b = visible.get(7).auctionId();

        JsonNode value = json.readTree(process(
                                session,
                                "Mobile_RefreshAuctionDetails",
                                2050,
                                9154,
                                "{\"auctionIdList\":[" + a + ",1," + b + "]}")
                        .body())
                .path("responseInfo")
                .path("value");

        assertThat(value.path("details").findValues("auctionId").stream().map(JsonNode::asLong))
                .containsExactly(a, b);
        assertThat(value.path("truncated").asBoolean()).isFalse();
        assertWellFormedItem(value.path("details").get(0));
    }

    @Test
    void many_clients_at_once_each_log_in_and_search() throws Exception {
        int clients = 40;
        var tokens = new ArrayList<String>();
        for (int i = 0; i < clients; i++) {
            tokens.add(sim.addAccount("acct-" + i));
        }
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var results = new ArrayList<Future<Integer>>();
            for (String token : tokens) {
                results.add(pool.submit(() -> {
                    String session =
                            login(accessToken(token), "ps5").path("sessionKey").asText();
                    int found = 0;
                    for (int i = 0; i < 5; i++) {
                        found += details(process(session, SEARCH, 2050, 9153, "{}"))
                                .size();
                    }
                    return found;
                }));
            }
            for (var result : results) {
                assertThat(result.get()).isEqualTo(100);
            }
        }
        assertThat(sim.stats()).isEqualTo(new M26Simulator.Stats(clients, clients, clients * 5L, 0));
    }

    // ---- shapes

    @Test
    void the_legacy_shape_answers_under_result_data() throws Exception {
        String session = session("acct-1");
        JsonNode current =
                json.readTree(process(session, SEARCH, 2050, 9153, "{}").body());

        sim.shape(Shape.LEGACY);
        JsonNode legacy =
                json.readTree(process(session, SEARCH, 2050, 9153, "{}").body());

        assertThat(legacy.has("responseInfo")).isFalse();
        assertThat(legacy.path("result").path("Data"))
                .isEqualTo(current.path("responseInfo").path("value"));
    }

    @Test
    void the_fut_shape_names_trades_as_fut_does_and_ended_trades_expire_at_minus_one() throws Exception {
        String session = session("acct-1");
        clock.advance(Duration.ofMinutes(10));
        control("/_sim/shape", "{\"shape\":\"FUT\"}");

        JsonNode page = json.readTree(process(session, SEARCH, 2050, 9153, ALL).body());

        assertThat(page.path("credits").asInt()).isZero();
        assertThat(page.path("auctionInfo")).hasSize(50);
        var visible = sim.market().visible();
        for (int i = 0; i < 50; i++) {
            JsonNode trade = page.path("auctionInfo").get(i);
            Auction a = visible.get(i);
            assertThat(trade.path("tradeId").asLong()).isEqualTo(a.auctionId());
            assertThat(trade.path("tradeState").asText())
                    .isEqualTo(
                            switch (a.status()) {
                                case ACTIVE -> "active";
                                case ENDED -> "closed";
                                case EXPIRED, CANCELLED -> "expired";
                            });
            assertThat(trade.path("expires").asInt())
                    .isEqualTo(a.status() == Auction.Status.ACTIVE ? a.secondsRemaining() : -1);
            assertThat(trade.path("buyNowPrice").asInt()).isEqualTo(a.buyoutPrice());
            assertThat(trade.path("startingBid").asInt()).isEqualTo(a.openingPrice());
            assertThat(trade.path("currentBid").asInt()).isEqualTo(a.currentBid());
            assertThat(trade.path("offers").asInt()).isEqualTo(a.numberOfBids());
            assertThat(trade.path("bidState").asText()).isEqualTo("none");
            assertThat(trade.path("itemData").path("id").asLong()).isEqualTo(a.cardInstanceId());
            assertThat(trade.path("itemData").path("assetId").asLong())
                    .isEqualTo(a.card().cardId());
            assertThat(trade.path("itemData").path("rating").asInt())
                    .isEqualTo(a.card().ovr());
            assertThat(trade.path("itemData").path("itemType").asText()).isEqualTo("player");
            assertThat(trade.path("itemData").path("teamid").asInt())
                    .isEqualTo(a.card().teamId());
        }
        assertThat(page.path("auctionInfo").findValues("tradeState").stream().map(JsonNode::asText))
                .contains("closed");
    }

    @Test
    void the_renamed_shape_keeps_the_envelope_but_no_item_key_a_client_knows() throws Exception {
        String session = session("acct-1");
        sim.shape(Shape.RENAMED);

        JsonNode details = json.readTree(
                        process(session, SEARCH, 2050, 9153, "{}").body())
                .path("responseInfo")
                .path("value")
                .path("details");

        assertThat(details).hasSize(20);
        for (JsonNode item : details) {
            assertThat(fieldNames(item))
                    .containsExactlyInAnyOrder("aucId", "status", "price", "bids", "timeLeft", "player");
            assertThat(item.has("auctionId") || item.has("tradeId") || item.has("card"))
                    .isFalse();
        }
    }

    // ---- faults

    @Test
    void an_injected_429_says_when_to_retry_and_then_calls_work_again() throws Exception {
        String session = session("acct-1");
        var injected = control("/_sim/faults", "{\"fault\":\"HTTP_429\",\"times\":2,\"retryAfterSeconds\":2}");
        assertThat(injected.statusCode()).isEqualTo(200);

        for (int i = 0; i < 2; i++) {
            var limited = process(session, SEARCH, 2050, 9153, "{}");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).contains("2");
            assertThat(json.readTree(limited.body()).isObject()).isTrue();
        }
        assertThat(process(session, SEARCH, 2050, 9153, "{}").statusCode()).isEqualTo(200);
        sim.injectFault(Fault.HTTP_429, 1);
        assertThat(process(session, SEARCH, 2050, 9153, "{}").headers().firstValue("Retry-After"))
                .contains("1");
        assertThat(sim.stats().faultsServed()).isEqualTo(3);
    }

    @Test
    void injected_5xx_answer_their_status_with_a_short_body() throws Exception {
        String session = session("acct-1");
        sim.injectFault(Fault.HTTP_500, 1);
        sim.injectFault(Fault.HTTP_503, 1);

        var first = process(session, SEARCH, 2050, 9153, "{}");
        var second = process(session, SEARCH, 2050, 9153, "{}");

        assertThat(first.statusCode()).isEqualTo(500);
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(first.body()).hasSizeLessThan(100).contains("500");
        assertThat(process(session, SEARCH, 2050, 9153, "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void a_malformed_answer_is_the_real_answer_cut_short() throws Exception {
        String session = session("acct-1");
        sim.injectFault(Fault.MALFORMED, 1);

        var cut = process(session, SEARCH, 2050, 9153, "{}");
        var whole = process(session, SEARCH, 2050, 9153, "{}");

        assertThat(cut.statusCode()).isEqualTo(200);
        assertThat(whole.body()).startsWith(cut.body());
        assertThatThrownBy(() -> json.readTree(cut.body())).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void a_blaze_error_answers_the_search_unavailable_error_object_with_http_200() throws Exception {
        String session = session("acct-1");
        sim.injectFault(Fault.BLAZE_ERROR, 1);

        var answer = process(session, SEARCH, 2050, 9153, "{}");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json.readTree(answer.body())).isEqualTo(json.readTree("""
                        {"error":{"errorname":"MUT_ERR_SEARCH_UNAVAILABLE","component":2050,"errorcode":1342177282,
                        "errordf":{"errorString":"search is temporarily unavailable"}}}"""));
    }

    @Test
    void a_soft_failure_is_an_empty_page_with_ui_error_code_1_in_the_current_and_legacy_envelopes() throws Exception {
        String session = session("acct-1");
        sim.injectFault(Fault.SOFT_FAILURE, 2);

        JsonNode current = json.readTree(
                        process(session, SEARCH, 2050, 9153, "{}").body())
                .path("responseInfo")
                .path("value");
        sim.shape(Shape.LEGACY);
        JsonNode legacy = json.readTree(
                        process(session, SEARCH, 2050, 9153, "{}").body())
                .path("result")
                .path("Data");

        for (JsonNode value : List.of(current, legacy)) {
            assertThat(value.path("details").isArray()).isTrue();
            assertThat(value.path("details")).isEmpty();
            assertThat(value.path("responseData").path("uiErrorCode").asInt()).isEqualTo(1);
            assertThat(value.path("responseData").path("message").asText())
                    .isEqualTo("Service temporarily unavailable");
        }
        assertThat(json.readTree(process(session, SEARCH, 2050, 9153, "{}").body())
                        .path("result")
                        .path("Data")
                        .path("details"))
                .isNotEmpty();
    }

    @Test
    void an_unauthorized_fault_answers_401_and_ends_that_session() throws Exception {
        String session = session("acct-1");
        sim.injectFault(Fault.UNAUTHORIZED, 1);

        assertExpiredSession(process(session, SEARCH, 2050, 9153, "{}"));
        assertExpiredSession(process(session, SEARCH, 2050, 9153, "{}"));
        assertThat(process(session("acct-1"), SEARCH, 2050, 9153, "{}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void a_captcha_sticks_to_its_account_across_sessions_until_cleared() throws Exception {
        String flagged = session("acct-1");
        String other = session("acct-2");
        sim.injectFault(Fault.CAPTCHA, 1, Optional.of("acct-1"));

        assertThat(details(process(other, SEARCH, 2050, 9153, "{}"))).isNotEmpty();
        JsonNode first = json.readTree(
                        process(flagged, SEARCH, 2050, 9153, "{}").body())
                .path("responseInfo")
                .path("value");
        assertCaptcha(first);
        String guid = first.path("responseData").path("captchaGuid").asText();
        assertThat(first.path("responseData").path("captchaUrl").asText())
                .isEqualTo(sim.baseUrl() + "/captcha/" + guid);

        for (String session : List.of(flagged, flagged, session("acct-1"))) {
            JsonNode again = json.readTree(
                            process(session, SEARCH, 2050, 9153, "{}").body())
                    .path("responseInfo")
                    .path("value");
            assertCaptcha(again);
            assertThat(again.path("responseData").path("captchaGuid").asText()).isEqualTo(guid);
        }
        assertThat(details(process(other, SEARCH, 2050, 9153, "{}"))).isNotEmpty();
        assertThat(sim.stats().faultsServed()).isEqualTo(4);

        assertThat(control("/_sim/captcha/clear", "").statusCode()).isEqualTo(200);
        assertThat(details(process(flagged, SEARCH, 2050, 9153, "{}"))).isNotEmpty();
    }

    @Test
    void a_fault_for_one_account_spares_the_others_and_waits_for_its_account() throws Exception {
        String one = session("acct-1");
        String two = session("acct-2");
        control("/_sim/faults", "{\"fault\":\"HTTP_503\",\"times\":1,\"account\":\"acct-2\"}");

        assertThat(process(one, SEARCH, 2050, 9153, "{}").statusCode()).isEqualTo(200);
        assertThat(process(one, SEARCH, 2050, 9153, "{}").statusCode()).isEqualTo(200);
        assertThat(process(two, SEARCH, 2050, 9153, "{}").statusCode()).isEqualTo(503);
        assertThat(process(two, SEARCH, 2050, 9153, "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void a_held_call_does_not_hold_up_a_concurrent_one_and_then_answers_normally() throws Exception {
        String session = session("acct-1");
        sim.timeoutDelay(Duration.ofSeconds(3));
        sim.injectFault(Fault.TIMEOUT, 1);

        var held = http.sendAsync(
                processRequest(session, body(SEARCH, 2050, 9153, "{}", expiresSoon()), BLAZE_HEADERS),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.stats().faultsServed() == 1);

        var quick = process(session, SEARCH, 2050, 9153, "{}");
        assertThat(quick.statusCode()).isEqualTo(200);
        assertThat(held).isNotDone();

        await().atMost(Duration.ofSeconds(10)).until(held::isDone);
        assertThat(held.join().statusCode()).isEqualTo(200);
        assertThat(details(held.join())).hasSize(20);
    }

    // ---- request errors

    @Test
    void an_expired_message_an_unknown_command_and_a_bad_page_size_answer_error_objects() throws Exception {
        String session = session("acct-1");

        var expired = process(session, body(SEARCH, 2050, 9153, "{}", clock.millis() - 1), BLAZE_HEADERS);
        var unknown = process(session, "Mobile_GetAuctionBids", 2050, 9157, "{}");
        var wrongId = process(session, SEARCH, 2050, 9154, "{}");
        var zero = process(session, SEARCH, 2050, 9153, "{\"pageSize\":0}");
        var tooMany = process(session, SEARCH, 2050, 9153, "{\"pageSize\":51}");

        assertThat(errorName(expired)).isEqualTo("ERR_MESSAGE_EXPIRED");
        assertThat(errorName(unknown)).isEqualTo("ERR_COMMAND_NOT_FOUND");
        assertThat(errorName(wrongId)).isEqualTo("ERR_COMMAND_NOT_FOUND");
        assertThat(errorName(zero)).isEqualTo("ERR_INVALID_PAGE_SIZE");
        assertThat(errorName(tooMany)).isEqualTo("ERR_INVALID_PAGE_SIZE");
        assertThat(List.of(expired, unknown, zero))
                .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(process(session, SEARCH, 2050, 9153, "{\"pageSize\":50}").statusCode())
                .isEqualTo(200);
        assertThat(details(process(session, SEARCH, 2050, 9153, "{\"pageSize\":1}")))
                .hasSize(1);
    }

    @Test
    void request_info_and_request_payload_must_be_strings_holding_json() throws Exception {
        String session = session("acct-1");
        var info = json.createObjectNode()
                .put("messageExpirationTime", expiresSoon())
                .put("commandName", SEARCH)
                .put("componentId", 2050)
                .put("commandId", 9153)
                .put("requestPayload", "{}");
        var asObject = json.createObjectNode().put("apiVersion", 2).put("clientDevice", 3);
        asObject.set("requestInfo", info);
        var payloadNotJson = json.createObjectNode()
                .put("apiVersion", 2)
                .put("clientDevice", 3)
                .put(
                        "requestInfo",
                        info.deepCopy().put("requestPayload", "pageSize=20").toString());

        var a = process(session, asObject.toString(), BLAZE_HEADERS);
        var b = process(session, payloadNotJson.toString(), BLAZE_HEADERS);
        var c = process(session, "not json", BLAZE_HEADERS);
        var trailing = process(session, body(SEARCH, 2050, 9153, "{}", expiresSoon()) + "}", BLAZE_HEADERS);

        assertThat(errorName(a)).isEqualTo("ERR_MALFORMED_REQUEST");
        assertThat(json.readTree(a.body()).at("/error/errortdf/errorString").asText())
                .contains("requestInfo");
        assertThat(errorName(b)).isEqualTo("ERR_MALFORMED_REQUEST");
        assertThat(json.readTree(b.body()).at("/error/errortdf/errorString").asText())
                .contains("requestPayload");
        assertThat(errorName(c)).isEqualTo("ERR_MALFORMED_REQUEST");
        assertThat(errorName(trailing)).isEqualTo("ERR_MALFORMED_REQUEST");
    }

    @Test
    void a_missing_or_wrong_blaze_header_is_a_400_naming_the_header() throws Exception {
        String session = session("acct-1");
        String body = body(SEARCH, 2050, 9153, "{}", expiresSoon());
        Map<String, String> wrong = Map.of(
                "X-BLAZE-ID", "madden-2025-ps5",
                "X-Application-Key", "FIFA",
                "X-BLAZE-VOID-RESP", "JSON",
                "Content-Type", "text/plain");

        for (String header : BLAZE_HEADERS.keySet()) {
            var missing = new LinkedHashMap<>(BLAZE_HEADERS);
            missing.remove(header);
            var wrongOne = new LinkedHashMap<>(BLAZE_HEADERS);
            wrongOne.put(header, wrong.get(header));
            for (var headers : List.of(missing, wrongOne)) {
                var answer = process(session, body, headers);
                assertThat(answer.statusCode()).as(header).isEqualTo(400);
                assertThat(json.readTree(answer.body())
                                .at("/error/errortdf/errorString")
                                .asText())
                        .contains(header);
            }
        }
    }

    // ---- the market

    @Test
    void ten_minutes_of_market_bring_new_listings_bids_and_endings_that_search_agrees_with() throws Exception {
        String session = session("acct-1");
        Instant start = clock.instant();
        assertThat(sim.events()).hasSize(AuctionHouse.INITIAL_LISTINGS).allSatisfy(e -> assertThat(e.kind())
                .isEqualTo("NEW"));

        clock.advance(Duration.ofMinutes(10));
        var shown = allPages(session, "[]", "");
        List<MarketEvent> events = sim.events();

        Set<String> kinds = events.stream()
                .filter(e -> e.at().isAfter(start))
                .map(MarketEvent::kind)
                .collect(Collectors.toSet());
        assertThat(kinds).contains("NEW", "BID");
        assertThat(kinds).containsAnyOf("SOLD", "EXPIRED");
        assertThat(events).isSortedAccordingTo(Comparator.comparing(MarketEvent::at));
        assertThat(events).allSatisfy(e -> assertThat(e.at()).isBetween(start, clock.instant()));

        Map<Long, List<MarketEvent>> byAuction = events.stream().collect(Collectors.groupingBy(MarketEvent::auctionId));
        Instant now = clock.instant();
        var shownIds = new HashSet<Long>();
        for (JsonNode item : shown) {
            long id = item.path("auctionId").asLong();
            shownIds.add(id);
            var history = byAuction.get(id);
            assertThat(history).as("events of %d", id).isNotNull();
            assertThat(history.get(0).kind()).isEqualTo("NEW");
            var bids = history.stream().filter(e -> e.kind().equals("BID")).toList();
            assertThat(item.path("numberOfBids").asInt()).isEqualTo(bids.size());
            MarketEvent last = history.get(history.size() - 1);
            switch (item.path("auctionStatus").asText()) {
                case "AUCTIONSTATUS_ACTIVE" -> {
                    assertThat(last.kind()).isIn("NEW", "BID");
                    assertThat(item.path("currentBid").asLong())
                            .isEqualTo(
                                    bids.isEmpty()
                                            ? 0
                                            : bids.get(bids.size() - 1).price());
                    assertThat(item.path("buyerId").asLong()).isZero();
                    assertThat(item.path("secondsRemaining").asInt()).isPositive();
                }
                case "AUCTIONSTATUS_ENDED" -> {
                    assertThat(last.kind()).isEqualTo("SOLD");
                    assertThat(item.path("currentBid").asLong()).isEqualTo(last.price());
                    assertThat(item.path("buyerId").asLong()).isPositive();
                    assertThat(item.path("secondsRemaining").asInt()).isZero();
                }
                case "AUCTIONSTATUS_EXPIRED" -> {
                    assertThat(last.kind()).isEqualTo("EXPIRED");
                    assertThat(bids).isEmpty();
                    assertThat(item.path("secondsRemaining").asInt()).isZero();
                }
                case "AUCTIONSTATUS_CANCELLED" -> assertThat(last.kind()).isEqualTo("CANCELLED");
                default -> throw new AssertionError("status " + item.path("auctionStatus"));
            }
            if (!item.path("auctionStatus").asText().equals("AUCTIONSTATUS_ACTIVE")) {
                assertThat(Duration.between(last.at(), now).toSeconds()).isLessThanOrEqualTo(120);
            }
        }
        var endedLongAgo = byAuction.values().stream()
                .map(h -> h.get(h.size() - 1))
                .filter(e -> !e.kind().equals("NEW") && !e.kind().equals("BID"))
                .filter(e -> Duration.between(e.at(), now).toSeconds() > 120)
                .map(MarketEvent::auctionId)
                .toList();
        assertThat(endedLongAgo).isNotEmpty();
        assertThat(shownIds).doesNotContainAnyElementsOf(endedLongAgo);
        assertThat(details(process(
                        session,
                        "Mobile_RefreshAuctionDetails",
                        2050,
                        9154,
                        "{\"auctionIdList\":" + endedLongAgo + "}")))
                .isEmpty();
        long stillActive = byAuction.values().stream()
                .filter(h -> h.get(h.size() - 1).kind().matches("NEW|BID"))
                .count();
        assertThat(shown.stream().filter(i -> i.path("auctionStatus").asText().equals("AUCTIONSTATUS_ACTIVE")))
                .hasSize((int) stillActive);
    }

    @Test
    void bids_only_climb_by_the_step_and_nothing_happens_to_a_listing_after_it_ends() {
        clock.advance(Duration.ofHours(2));
        List<MarketEvent> events = sim.events();

        var opening = new HashMap<Long, Long>();
        var last = new HashMap<Long, Long>();
        var ended = new HashSet<Long>();
        for (MarketEvent e : events) {
            long id = e.auctionId();
            assertThat(ended).as("auction %d changed after it ended", id).doesNotContain(id);
            switch (e.kind()) {
                case "NEW" -> {
                    assertThat(opening.put(id, e.price())).isNull();
                    assertThat(e.price() % Coins.step((int) e.price())).isZero();
                }
                case "BID" -> {
                    Long before = last.get(id);
                    assertThat(e.price())
                            .isEqualTo(before == null ? opening.get(id) : Coins.nextAbove(before.intValue()));
                    last.put(id, e.price());
                }
                case "SOLD" -> {
                    assertThat(e.price()).isGreaterThanOrEqualTo(last.getOrDefault(id, opening.get(id)));
                    ended.add(id);
                }
                case "EXPIRED", "CANCELLED" -> {
                    assertThat(last).doesNotContainKey(id);
                    ended.add(id);
                }
                default -> throw new AssertionError(e);
            }
        }
        var counts = events.stream().collect(Collectors.groupingBy(MarketEvent::kind, Collectors.counting()));
        // about 20 new a minute and a bid per listing every two minutes
        assertThat(counts.get("NEW")).isBetween(200L + 2_000L, 200L + 2_800L);
        assertThat(counts.get("BID")).isGreaterThan(5_000L);
        assertThat(counts.get("SOLD")).isPositive();
        assertThat(counts.get("EXPIRED")).isPositive();
        assertThat(sim.market().visible())
                .allSatisfy(a -> assertThat(a.buyoutPrice()).isGreaterThan(a.openingPrice()));
    }

    @Test
    void the_same_seed_grows_the_same_market_however_often_it_is_looked_at() throws Exception {
        try (var twin = M26Simulator.start(0, clock, SEED)) {
            var other = MutableClock.at(clock.instant());
            try (var stranger = M26Simulator.start(0, other, SEED + 1)) {
                for (int i = 0; i < 60; i++) {
                    clock.advance(Duration.ofMillis(7_300));
                    twin.tick();
                }
                other.set(clock.instant());

                assertThat(twin.events()).isEqualTo(sim.events());
                assertThat(stranger.events()).isNotEqualTo(sim.events());
            }
        }
    }

    @Test
    void many_pollers_share_one_snapshot_a_second() {
        var first = sim.market().visible();
        assertThat(sim.market().visible()).isSameAs(first);
        clock.advance(Duration.ofMillis(999));
        sim.tick();
        assertThat(sim.market().visible()).isSameAs(first);
        clock.advance(Duration.ofMillis(1));
        sim.tick();
        assertThat(sim.market().visible()).isNotSameAs(first);
    }

    // ---- operator control and HAR

    @Test
    void the_control_endpoints_add_accounts_and_report_stats_and_events() throws Exception {
        JsonNode account =
                json.readTree(control("/_sim/accounts", "{\"name\":\"acct-9\"}").body());
        assertThat(account.path("name").asText()).isEqualTo("acct-9");
        String session = login(accessToken(account.path("refreshToken").asText()), "xbsx")
                .path("sessionKey")
                .asText();
        process(session, SEARCH, 2050, 9153, "{}");

        JsonNode stats = json.readTree(get("/_sim/stats").body());
        assertThat(stats.path("logins").asLong()).isEqualTo(1);
        assertThat(stats.path("tokenRefreshes").asLong()).isEqualTo(1);
        assertThat(stats.path("processCalls").asLong()).isEqualTo(1);
        assertThat(stats.path("faultsServed").asLong()).isZero();

        clock.advance(Duration.ofMinutes(1));
        JsonNode events = json.readTree(get("/_sim/events?since=195").body());
        JsonNode none = json.readTree(get("/_sim/events?since=999999").body());
        assertThat(none.path("events")).isEmpty();
        assertThat(none.path("next").asInt()).isEqualTo(sim.events().size());
        int total = sim.events().size();
        assertThat(events.path("next").asInt()).isEqualTo(total);
        assertThat(events.path("events")).hasSize(total - 195);
        assertThat(events.path("events").get(0).path("index").asInt()).isEqualTo(195);
        assertThat(events.path("events").get(0).path("auctionId").asLong())
                .isEqualTo(sim.events().get(195).auctionId());
        assertThat(control("/_sim/faults", "{\"fault\":\"HTTP_999\",\"times\":1}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(control("/_sim/shape", "{\"shape\":\"XML\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void the_har_capture_is_well_formed_and_its_session_key_works() throws Exception {
        sim.addAccount("acct-1");
        clock.advance(Duration.ofSeconds(30));

        var answer = get("/_sim/har?account=acct-1");
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode log = json.readTree(answer.body()).path("log");

        assertThat(log.path("version").asText()).isEqualTo("1.2");
        assertThat(log.path("creator").path("name").asText()).isNotBlank();
        assertThat(log.path("creator").path("version").asText()).isNotBlank();
        JsonNode entries = log.path("entries");
        assertThat(entries).hasSize(3);
        for (JsonNode entry : entries) {
            assertThat(Instant.parse(entry.path("startedDateTime").asText())).isEqualTo(clock.instant());
            assertThat(entry.path("time").isNumber()).isTrue();
            JsonNode request = entry.path("request");
            assertThat(request.path("method").asText()).isEqualTo("POST");
            assertThat(request.path("url").asText()).startsWith(sim.baseUrl() + "/");
            assertThat(request.path("httpVersion").asText()).isEqualTo("HTTP/1.1");
            assertThat(request.path("headers").isArray()).isTrue();
            assertThat(request.path("headers"))
                    .allSatisfy(h -> assertThat(fieldNames(h)).containsExactly("name", "value"));
            assertThat(request.path("queryString").isArray()).isTrue();
            assertThat(request.path("postData").path("mimeType").asText()).isNotBlank();
            assertThat(request.path("postData").path("text").asText()).isNotBlank();
            JsonNode response = entry.path("response");
            assertThat(response.path("status").asInt()).isEqualTo(200);
            assertThat(response.path("statusText").asText()).isEqualTo("OK");
            assertThat(response.path("headers").isArray()).isTrue();
            assertThat(response.path("content").path("size").asInt())
                    .isEqualTo(response.path("content").path("text").asText().getBytes(StandardCharsets.UTF_8).length);
            assertThat(response.path("content").path("mimeType").asText()).isEqualTo("application/json");
        }
        JsonNode refresh = entries.get(0).path("request");
        assertThat(refresh.path("url").asText()).isEqualTo(sim.baseUrl() + "/connect/token");
        assertThat(refresh.path("postData").path("mimeType").asText()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(refresh.path("postData").path("text").asText())
                .startsWith("grant_type=refresh_token&refresh_token=");
        assertThat(entries.get(1).path("request").path("url").asText())
                .isEqualTo(sim.baseUrl() + "/wal/authentication/login");
        String sessionKey = json.readTree(
                        entries.get(1).at("/response/content/text").asText())
                .at("/userLoginInfo/sessionKey")
                .asText();
        assertThat(sessionKey).matches("[0-9a-f]{32}");

        JsonNode search = entries.get(2).path("request");
        assertThat(search.path("url").asText()).isEqualTo(sim.baseUrl() + "/wal/mca/Process/" + sessionKey);
        var headers = new HashMap<String, String>();
        search.path("headers")
                .forEach(h ->
                        headers.put(h.path("name").asText(), h.path("value").asText()));
        assertThat(headers)
                .containsEntry("X-BLAZE-ID", "madden-2026-ps5")
                .containsEntry("X-Application-Key", "MADDEN-MCA")
                .containsEntry("X-BLAZE-VOID-RESP", "XML")
                .containsEntry("Content-Type", "application/json");
        JsonNode body = json.readTree(search.path("postData").path("text").asText());
        assertThat(body.path("apiVersion").asInt()).isEqualTo(2);
        assertThat(body.path("clientDevice").asInt()).isEqualTo(3);
        assertThat(body.path("requestInfo").isTextual()).isTrue();
        JsonNode info = json.readTree(body.path("requestInfo").asText());
        assertThat(info.path("messageExpirationTime").asLong())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(5)).toEpochMilli());
        assertThat(info.path("deviceId").asText()).isNotBlank();
        assertThat(info.path("commandName").asText()).isEqualTo(SEARCH);
        assertThat(info.path("componentId").asInt()).isEqualTo(2050);
        assertThat(info.path("commandId").asInt()).isEqualTo(9153);
        assertThat(info.path("componentName").asText()).isEqualTo("mut");
        assertThat(info.path("requestPayload").isTextual()).isTrue();
        assertThat(info.at("/messageAuthData/authCode").asText()).isNotBlank();
        assertThat(info.at("/messageAuthData/authData").asText()).isNotBlank();
        assertThat(info.at("/messageAuthData/authType").asLong()).isEqualTo(17_039_361L);
        assertThat(json.readTree(entries.get(2).at("/response/content/text").asText())
                        .at("/responseInfo/value/details"))
                .hasSize(20);

        headers.keySet().removeAll(Set.of("Host", "Content-Length"));
        var replayed = process(sessionKey, search.path("postData").path("text").asText(), headers);
        assertThat(details(replayed)).hasSize(20);
        assertThat(get("/_sim/har?account=nobody").statusCode()).isEqualTo(404);
    }

    // ---- helpers

    private static final Map<String, String> BLAZE_HEADERS = blazeHeaders();

    private static Map<String, String> blazeHeaders() {
        var headers = new LinkedHashMap<String, String>();
        headers.put("X-BLAZE-ID", "madden-2026-ps5");
        headers.put("X-Application-Key", "MADDEN-MCA");
        headers.put("X-BLAZE-VOID-RESP", "XML");
        headers.put("Content-Type", "application/json");
        return headers;
    }

    private void assertWellFormedItem(JsonNode item) {
        assertThat(fieldNames(item))
                .containsExactly(
                        "auctionId",
                        "auctionStatus",
                        "buyoutPrice",
                        "currentBid",
                        "nextBid",
                        "numberOfBids",
                        "postingTime",
                        "secondsRemaining",
                        "sellerId",
                        "buyerId",
                        "medianAuctionPrice",
                        "minListingPrice",
                        "maxListingPrice",
                        "medianListingPrice",
                        "card");
        assertThat(fieldNames(item.path("card")))
                .containsExactly(
                        "cardId",
                        "cardInstanceId",
                        "firstName",
                        "secondName",
                        "teamId",
                        "cardAssetType",
                        "program",
                        "ovr",
                        "isAuctionable");
        if (item.path("auctionStatus").asText().equals("AUCTIONSTATUS_ACTIVE")) {
            assertThat(item.path("buyoutPrice").asInt())
                    .isGreaterThan(item.path("nextBid").asInt());
        }
        assertThat(item.path("card").path("ovr").asInt()).isBetween(70, 99);
        assertThat(item.path("card").path("cardAssetType").asText()).isEqualTo("PLAYER");
        assertThat(item.path("card").path("teamId").asInt()).isBetween(1, 32);
        assertThat(item.path("postingTime").asLong())
                .isLessThanOrEqualTo(clock.instant().getEpochSecond());
    }

    private static List<String> fieldNames(JsonNode node) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(node.fieldNames(), 0), false)
                .toList();
    }

    private void assertExpiredSession(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(json.readTree(answer.body())).isEqualTo(json.readTree("""
                        {"error":{"errorname":"ERR_AUTHENTICATION_REQUIRED","component":1,"errorcode":16384,
                        "errortdf":{"errorString":"session key expired"}}}"""));
    }

    private static void assertCaptcha(JsonNode value) {
        assertThat(value.path("details")).isEmpty();
        assertThat(value.path("responseData").path("uiErrorCode").asInt()).isEqualTo(21);
        assertThat(value.path("responseData").path("message").asText()).isEqualTo("Verification required");
        assertThat(value.path("responseData").path("captchaGuid").asText())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    private String errorName(HttpResponse<String> answer) throws Exception {
        return json.readTree(answer.body()).path("error").path("errorname").asText();
    }

    private JsonNode details(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(200);
        return json.readTree(answer.body()).path("responseInfo").path("value").path("details");
    }

    private List<JsonNode> allPages(String session, String filters, String itemName) throws Exception {
        var all = new ArrayList<JsonNode>();
        boolean truncated = true;
        for (int start = 0; truncated; start += 50) {
            var payload = json.createObjectNode()
                    .put("itemName", itemName)
                    .put("pageSize", 50)
                    .put("start", start);
            payload.set("filters", json.readTree(filters));
            JsonNode value = json.readTree(process(session, SEARCH, 2050, 9153, payload.toString())
                            .body())
                    .path("responseInfo")
                    .path("value");
            value.path("details").forEach(all::add);
            truncated = value.path("truncated").asBoolean();
        }
        return all;
    }

    private String session(String account) throws Exception {
        return login(accessToken(sim.addAccount(account)), "ps5")
                .path("sessionKey")
                .asText();
    }

    private JsonNode login(String accessToken, String console) throws Exception {
        return json.readTree(
                        post("/wal/authentication/login", "application/json", loginBody(accessToken, console), Map.of())
                                .body())
                .path("userLoginInfo");
    }

    private String accessToken(String refreshToken) throws Exception {
        return json.readTree(post("/connect/token", "application/x-www-form-urlencoded", form(refreshToken), Map.of())
                        .body())
                .path("access_token")
                .asText();
    }

    private static String form(String refreshToken) {
        return "grant_type=refresh_token&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8)
                + "&client_id=test";
    }

    private static String loginBody(String accessToken, String console) {
        return "{\"accessToken\":\"" + accessToken + "\",\"productName\":\"madden-2026-" + console + "-mca\"}";
    }

    private long expiresSoon() {
        return clock.instant().plus(Duration.ofMinutes(5)).toEpochMilli();
    }

    private String body(String command, int componentId, int commandId, String payload, long expiresAt) {
        var info = json.createObjectNode()
                .put("messageExpirationTime", expiresAt)
                .put("deviceId", "7f1c2a9e-test-device")
                .put("commandName", command)
                .put("componentId", componentId)
                .put("commandId", commandId)
                .put("ipAddress", "127.0.0.1")
                .put("componentName", "mut")
                .put("requestPayload", payload);
        info.putObject("messageAuthData")
                .put("authCode", "c0ffee")
                .put("authData", "ZGF0YQ==")
                .put("authType", 17_039_361);
        return json.createObjectNode()
                .put("apiVersion", 2)
                .put("clientDevice", 3)
                .put("requestInfo", info.toString())
                .toString();
    }

    private HttpResponse<String> process(String session, String command, int componentId, int commandId, String payload)
            throws Exception {
        return process(session, body(command, componentId, commandId, payload, expiresSoon()), BLAZE_HEADERS);
    }

    private HttpResponse<String> process(String session, String body, Map<String, String> headers) throws Exception {
        return http.send(processRequest(session, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest processRequest(String session, String body, Map<String, String> headers) {
        var builder = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/wal/mca/Process/" + session))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        return builder.build();
    }

    private HttpResponse<String> post(String path, String contentType, String body, Map<String, String> headers)
            throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> control(String path, String body) throws Exception {
        return post(path, "application/json", body, Map.of());
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
