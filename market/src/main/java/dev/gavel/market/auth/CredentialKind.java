package dev.gavel.market.auth;

/** What a credential is. */
public enum CredentialKind {
    /** A Blaze session key: sent in the command URL; minted from an access token. */
    SESSION_TICKET,
    /** A long-lived OAuth refresh token, from which access tokens (and so tickets) are minted. */
    REFRESH_TOKEN,
    /** A short-lived bearer token (OAuth access token, client-credentials token). */
    ACCESS_TOKEN,
    /** An OAuth client secret ({@code account} is the client id). */
    CLIENT_SECRET
}
