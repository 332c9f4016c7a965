package dev.gavel.store.live;

import dev.gavel.auction.BidCommand;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the intake stream: its id, its raw fields, and the bid they describe, or why they do not
 * describe one (such an entry goes straight to the dead-letter stream).
 */
public record IntakeMessage(String id, Map<String, String> body, Optional<BidCommand> command, String problem) {}
