/** Time as Gavel sees it: an injected {@link java.time.Clock}, and a clock tests can move by hand. */
package dev.gavel.core.time;
