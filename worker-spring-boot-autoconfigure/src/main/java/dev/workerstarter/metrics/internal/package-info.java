/**
 * The pool's own Micrometer meters: gauges of its size, its workers by state and its
 * queue, and the counters and timers of jobs, queue waits, rejections, kernel reboots and
 * boots, and worker replacements. Internal: not API. Its types may change or go without
 * notice, even when public (they are public only to be used across the starter's
 * packages); the meters' names and tags are documented in {@code docs/metrics.md}, and
 * the public contract is in {@code dev.workerstarter.metrics} and {@code
 * dev.workerstarter.pool}.
 */
@NullMarked
package dev.workerstarter.metrics.internal;

import org.jspecify.annotations.NullMarked;
