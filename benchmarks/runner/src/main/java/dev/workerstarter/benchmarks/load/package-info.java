/**
 * The load benchmarks: starts each system under test as its own process, drives it with
 * {@code wrk} in interleaved rounds, and computes the ratios of medians the report shows.
 */
@NullMarked
package dev.workerstarter.benchmarks.load;

import org.jspecify.annotations.NullMarked;
