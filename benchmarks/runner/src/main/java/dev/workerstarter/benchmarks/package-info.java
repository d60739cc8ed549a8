/**
 * The benchmark suite's command line: runs the load benchmarks and the JMH micro
 * benchmarks, then writes the report ({@code benchmarks/run}).
 */
@NullMarked
package dev.workerstarter.benchmarks;

import org.jspecify.annotations.NullMarked;
