package dev.gavel.store.chain;

/** A block by number and hash, as a follower read it. */
public record BlockRef(long number, String hash) {}
