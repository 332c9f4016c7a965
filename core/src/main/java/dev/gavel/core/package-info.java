/**
 * Gavel's shared kernel: the small value types every module speaks (roles, secrets, time helpers). No
 * I/O and no framework live here.
 */
package dev.gavel.core;
