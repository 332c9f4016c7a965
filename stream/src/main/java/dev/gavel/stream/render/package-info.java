/**
 * Drawing scenes: the placement math of items (pure), the live state that bindings and widgets show, the
 * Java2D compositor, and the thread that renders at the frame rate for the encoder and the preview.
 */
package dev.gavel.stream.render;
