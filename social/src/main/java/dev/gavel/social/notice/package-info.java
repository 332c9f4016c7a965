/**
 * What Gavel says on X: replies to bid posts (accepted, rejected, outbid, won), helpful answers to malformed
 * bids and link requests, and the auction's announcements — composed from Gavel's state, never invented.
 */
package dev.gavel.social.notice;
