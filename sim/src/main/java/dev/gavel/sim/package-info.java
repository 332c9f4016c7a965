/**
 * Simulators for the demo, rehearsals and tests. Each speaks to Gavel (or plays a vendor to it) over HTTP
 * only, exactly as the real party would; nothing on the production path imports them.
 */
package dev.gavel.sim;
