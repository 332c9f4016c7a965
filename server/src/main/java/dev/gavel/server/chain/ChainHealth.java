package dev.gavel.server.chain;

import dev.gavel.chain.rpc.EthClient;
import dev.gavel.chain.rpc.ProviderHealth;
import dev.gavel.server.health.ComponentHealth;
import dev.gavel.server.health.HealthCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The chain: UP while some provider answers; details per provider (up, calls, failures, last error, latency). */
public final class ChainHealth implements HealthCheck {
    private final EthClient eth;
    private final long chainId;

    public ChainHealth(EthClient eth, long chainId) {
        this.eth = eth;
        this.chainId = chainId;
    }

    @Override
    public String name() {
        return "chain";
    }

    @Override
    public ComponentHealth check() {
        var details = new LinkedHashMap<String, Object>();
        details.put("chainId", chainId);
        String error = null;
        try {
            details.put("head", eth.blockNumber());
        } catch (RuntimeException e) {
            error = e.getMessage();
        }
        var providers = providers(eth.rpc().health());
        details.put("providers", providers);
        if (error != null) {
            details.put("error", error);
            return new ComponentHealth(ComponentHealth.Status.DOWN, details);
        }
        return ComponentHealth.up(details);
    }

    /** Each provider as plain JSON: name, status, calls, failures, and the last latency and error when known. */
    static List<Map<String, Object>> providers(List<ProviderHealth> health) {
        var out = new ArrayList<Map<String, Object>>();
        for (ProviderHealth p : health) {
            var m = new LinkedHashMap<String, Object>();
            m.put("name", p.name());
            m.put("status", p.up() ? "UP" : "DOWN");
            m.put("calls", p.calls());
            m.put("failures", p.failures());
            p.lastLatency().ifPresent(l -> m.put("latencyMs", l.toNanos() / 1_000_000.0));
            p.lastError().ifPresent(e -> m.put("lastError", e));
            p.lastFailureAt().ifPresent(t -> m.put("lastFailureAt", t.toString()));
            out.add(m);
        }
        return out;
    }
}
