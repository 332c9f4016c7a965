package dev.gavel.store.users;

/** What creating a user came to: the new account, or the address was already taken. */
public sealed interface UserCreation {
    record Created(User user) implements UserCreation {}

    record EmailTaken(String email) implements UserCreation {}
}
