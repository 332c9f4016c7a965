/** The append-only, hash-chained audit log: who did what to whom, in a form that shows tampering. */
package dev.gavel.store.audit;
