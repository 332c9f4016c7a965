package dev.gavel.server.x;

import dev.gavel.social.x.Tweet;
import dev.gavel.social.x.TweetPage;
import dev.gavel.social.x.XUser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * What one read of an X timeline since a checkpoint found, through all its pages: the posts oldest first,
 * their authors, and the newest id (the next checkpoint, once the posts are handled).
 */
record XRead(List<Tweet> posts, Map<String, XUser> users, Optional<String> newestId) {

    /** Reads page after page ({@code page} takes the next-page token) while {@code running} says so. */
    static XRead all(Function<Optional<String>, TweetPage> page, BooleanSupplier running) {
        var posts = new ArrayList<Tweet>();
        var users = new HashMap<String, XUser>();
        Optional<String> newest = Optional.empty();
        Optional<String> next = Optional.empty();
        do {
            var current = page.apply(next);
            if (newest.isEmpty()) {
                newest = current.newestId();
            }
            posts.addAll(current.tweets());
            users.putAll(current.users());
            next = current.nextToken();
        } while (next.isPresent() && running.getAsBoolean());
        posts.sort(Comparator.comparing((Tweet t) -> Long.parseLong(t.id())));
        return new XRead(posts, users, newest);
    }
}
