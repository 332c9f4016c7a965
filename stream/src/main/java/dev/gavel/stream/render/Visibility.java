package dev.gavel.stream.render;

import dev.gavel.stream.scene.Item;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Items shown or hidden at run time, over what the scene says, and when: the compositor plays the item's
 * show or hide transition from that moment. Thread-safe.
 */
public final class Visibility {
    private record Toggle(boolean visible, Instant at) {}

    private final Map<String, Toggle> toggles = new ConcurrentHashMap<>();

    public void set(String itemId, boolean visible, Instant at) {
        toggles.put(itemId, new Toggle(visible, at));
    }

    public void clear() {
        toggles.clear();
    }

    /**
     * How visible the item is at {@code now}, 0 to 1, and how far along its transition is (1: done): what the
     * compositor multiplies its opacity by, or slides it with.
     */
    public record State(double amount, boolean showing, double progress) {
        static final State SHOWN = new State(1, true, 1);
        static final State HIDDEN = new State(0, false, 1);
    }

    public State of(Item item, Instant now) {
        var t = toggles.get(item.id());
        if (t == null) {
            return item.visible() ? State.SHOWN : State.HIDDEN;
        }
        var transition = t.visible() ? item.show() : item.hide();
        if (transition.isEmpty() || transition.get().ms() == 0) {
            return t.visible() ? State.SHOWN : State.HIDDEN;
        }
        double p = Math.min(
                1,
                Math.max(
                        0,
                        Duration.between(t.at(), now).toMillis()
                                / (double) transition.get().ms()));
        return new State(t.visible() ? p : 1 - p, t.visible(), p);
    }
}
