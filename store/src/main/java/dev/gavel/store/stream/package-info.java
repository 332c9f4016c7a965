/** The livestream's rows: stored scenes (as JSON), uploaded assets' metadata, and which scene is on air. */
package dev.gavel.store.stream;
