package dev.gavel.server.chain;

import dev.gavel.server.http.Access;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * {@code GET /api/chain} (ADMIN): the chain as Gavel follows it — chain id, head, confirmations, escrow
 * addresses, providers with their health, deposits per status, and recent alerts.
 */
public final class ChainRoutes {
    private final Optional<ChainRuntime> chain;

    public ChainRoutes(Optional<ChainRuntime> chain) {
        this.chain = chain;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/chain", this::status, Access.ADMIN);
    }

    private void status(Context ctx) {
        var out = new LinkedHashMap<String, Object>();
        out.put("enabled", chain.isPresent());
        chain.ifPresent(c -> {
            out.put("chainId", c.chainId());
            c.head().ifPresent(h -> out.put("head", h));
            out.put("confirmations", c.deposits().confirmations());
            out.put("escrows", c.deposits().escrows());
            out.put("providers", ChainHealth.providers(c.eth().rpc().health()));
            out.put("deposits", c.store().counts());
            out.put("alerts", c.alerts().recent());
            c.problem().ifPresent(p -> out.put("problem", p));
        });
        ctx.json(out);
    }
}
