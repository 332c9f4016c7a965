/** A local X: the API v2 endpoints Gavel uses, in X's JSON shapes, with rate limits and injected faults. */
package dev.gavel.sim.x;
