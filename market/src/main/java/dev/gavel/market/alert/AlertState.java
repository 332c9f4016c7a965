package dev.gavel.market.alert;

/** Where an alert stands. */
public enum AlertState {
    /** Watching prices; fires when its condition holds (and, after a firing, once its re-arm interval is over). */
    ARMED,
    /** A one-shot alert that has fired: it never fires again. */
    FIRED,
    /** Switched off (deleted): it never fires. */
    DISABLED
}
