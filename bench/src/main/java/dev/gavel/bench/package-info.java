/** JMH benchmarks of Gavel's hot paths, each measured beside the raw limit it cannot beat. */
package dev.gavel.bench;
