package dev.gavel.social.notice;

import java.util.UUID;

/** What a notice says an auction is called: its name and hashtag (with the {@code #}). */
public record AuctionInfo(UUID id, String name, String hashtag) {}
