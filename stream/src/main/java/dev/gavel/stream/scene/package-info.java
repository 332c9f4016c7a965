/**
 * The scene model of STREAM.md (after OBS, simplified): sources defined once, items placing them on the canvas
 * or a quadrant, layout, transitions; read from JSON with errors that name the offending path. Pure: no I/O.
 */
package dev.gavel.stream.scene;
