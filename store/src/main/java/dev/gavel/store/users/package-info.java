/** Platform accounts in PostgreSQL: users with their roles, and the hashes of their API keys. */
package dev.gavel.store.users;
