package dev.gavel.social.x;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One page of a search or mentions call. */
public record TweetPage(
        List<Tweet> tweets, Map<String, XUser> users, Optional<String> newestId, Optional<String> nextToken) {}
