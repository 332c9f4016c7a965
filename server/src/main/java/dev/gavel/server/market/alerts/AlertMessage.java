package dev.gavel.server.market.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.market.alert.AlertEvent;
import dev.gavel.store.market.AlertStore;
import java.math.BigDecimal;
import java.util.LinkedHashMap;

/** What every channel says about a firing: the webhook's JSON body, the e-mail's subject and text. */
final class AlertMessage {
    private AlertMessage() {}

    /**
     * The webhook body: {@code {"type":"alert.fired", eventId, alertId, itemId, itemName, price, currency,
     * changePercent, reason, firedAt}}, the price a decimal string ("12.50"), the change a percent or null.
     */
    static String json(ObjectMapper mapper, AlertStore.Claimed delivery) {
        AlertEvent e = delivery.event();
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "alert.fired");
        body.put("eventId", e.id());
        body.put("alertId", e.alertId());
        body.put("itemId", e.itemId());
        body.put("itemName", delivery.itemName());
        body.put("price", price(e));
        body.put("currency", e.currency().name());
        body.put(
                "changePercent",
                e.changePercent().map(BigDecimal::toPlainString).orElse(null));
        body.put("reason", e.reason());
        body.put("firedAt", e.firedAt().toString());
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e1) {
            throw new IllegalStateException("an alert body is plain JSON: " + e1.getMessage(), e1);
        }
    }

    static String price(AlertEvent e) {
        return BigDecimal.valueOf(e.price(), e.currency().scale()).toPlainString();
    }

    static String subject(AlertStore.Claimed delivery) {
        return "Gavel alert: " + delivery.itemName() + " at " + price(delivery.event()) + " "
                + delivery.event().currency();
    }

    static String text(AlertStore.Claimed delivery) {
        AlertEvent e = delivery.event();
        return String.join(
                "\n",
                delivery.itemName() + " (catalog item " + e.itemId() + ")",
                "",
                capitalised(e.reason()) + ".",
                "",
                "Price: " + price(e) + " " + e.currency(),
                "Fired at: " + e.firedAt(),
                "Alert " + e.alertId() + ", event " + e.id(),
                "",
                "Manage your alerts with GET /api/alerts; delete this one with DELETE /api/alerts/" + e.alertId()
                        + ".");
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
