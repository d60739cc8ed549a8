/**
 * Writes {@code docs/benchmarks.md} and its charts and JSON from a run's results, with
 * the table of targets met or missed.
 */
@NullMarked
package dev.workerstarter.benchmarks.report;

import org.jspecify.annotations.NullMarked;
