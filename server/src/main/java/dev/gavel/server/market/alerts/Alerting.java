package dev.gavel.server.market.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.core.Secret;
import dev.gavel.server.auth.Keys;
import dev.gavel.server.config.GavelConfig;
import dev.gavel.server.http.Bodies;
import dev.gavel.store.Database;
import dev.gavel.store.market.AlertEventChannel;
import dev.gavel.store.market.AlertStore;
import dev.gavel.store.market.CardPriceSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Price alerts wired for a running server: the store, the evaluator fed with the cards whose prices were
 * just committed (on a thread of its own, so recording prices never waits for alerts), the dispatcher that
 * delivers what fired, the feed that pushes what fired to its owners' WebSockets on every node, and the routes.
 * Webhook bodies are signed with a key derived from {@code GAVEL_SECRET_KEY}. Closes the dispatcher, the feed and
 * the evaluator thread.
 */
public final class Alerting implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Alerting.class);

    private final AlertStore store;
    private final AlertEvaluator evaluator;
    private final AlertDispatcher dispatcher;
    private final AlertFeed feed;
    private final WebhookTargets targets;
    private final WebhookSignatures signatures;
    private final boolean email;
    private final ExecutorService evaluating;

    private Alerting(
            AlertStore store,
            AlertEvaluator evaluator,
            AlertDispatcher dispatcher,
            AlertFeed feed,
            WebhookTargets targets,
            WebhookSignatures signatures,
            boolean email) {
        this.store = store;
        this.evaluator = evaluator;
        this.dispatcher = dispatcher;
        this.feed = feed;
        this.targets = targets;
        this.signatures = signatures;
        this.email = email;
        this.evaluating = Executors.newSingleThreadExecutor(r -> {
            var t = new Thread(r, "gavel-alert-evaluator");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts alerts for {@code node}: firings are announced on {@code channel} and pushed to {@code sockets}, this
     * node's WebSockets.
     */
    public static Alerting start(
            GavelConfig.Alerts config,
            Database database,
            AlertEventChannel channel,
            String node,
            AlertFeed.Sockets sockets,
            Secret secretKey,
            ObjectMapper mapper,
            Clock clock) {
        var store = new AlertStore(database.jdbi(), clock);
        var settings = AlertSettings.defaults().withPrivateTargets(config.privateWebhooks());
        if (config.smtpHost().isPresent()) {
            settings = settings.withSmtp(new AlertSettings.Smtp(
                    config.smtpHost().get(),
                    config.smtpPort(),
                    config.smtpFrom(),
                    config.smtpUser(),
                    config.smtpPassword(),
                    config.smtpStartTls(),
                    Duration.ofSeconds(10)));
        }
        var targets = new WebhookTargets(config.privateWebhooks(), Duration.ofSeconds(2));
        var signatures = new WebhookSignatures(Keys.derive(secretKey, "alert-webhooks-v1"));
        var dispatcher = AlertDispatcher.create(store, settings, signatures, targets, mapper, clock)
                .start();
        AlertFeed feed;
        try {
            feed = AlertFeed.start(store, channel, node, sockets, mapper);
        } catch (RuntimeException e) {
            dispatcher.close();
            throw e;
        }
        var evaluator = new AlertEvaluator(store, new CardPriceSnapshots(database.jdbi(), clock), clock, events -> {
            dispatcher.wake();
            feed.fired(events);
        });
        return new Alerting(
                store,
                evaluator,
                dispatcher,
                feed,
                targets,
                signatures,
                config.smtpHost().isPresent());
    }

    /** Evaluates the armed alerts of these cards soon, off the caller's thread. */
    public void evaluate(Set<Long> itemIds) {
        var ids = Set.copyOf(itemIds);
        try {
            evaluating.execute(() -> {
                try {
                    evaluator.evaluate(ids);
                } catch (RuntimeException e) {
                    LOG.warn("alerts of {} cards not evaluated: {}", ids.size(), e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("alerts not evaluated while shutting down");
        }
    }

    public AlertStore store() {
        return store;
    }

    public AlertRoutes routes(Bodies bodies) {
        return new AlertRoutes(store, targets, signatures, email, bodies);
    }

    @Override
    public void close() {
        evaluating.shutdown();
        try {
            evaluating.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dispatcher.close();
        feed.close();
    }
}
