/** What the X channel keeps in PostgreSQL: where each poll stopped. */
package dev.gavel.store.x;
