package dev.gavel.market.auth;

/** Whether a credential may be leased. */
public enum CredentialState {
    ACTIVE,
    /** Past its expiry, or refused by the source as expired; a refresh may replace it. */
    EXPIRED,
    /** Stopped for a reason a person must look at (a captcha, a ban); never leased until re-imported. */
    STOPPED
}
