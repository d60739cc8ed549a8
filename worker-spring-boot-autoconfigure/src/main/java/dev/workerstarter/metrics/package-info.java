/**
 * Application metrics declared under {@code worker.metrics.collect}:
 * {@link dev.workerstarter.metrics.WorkerMetrics} adds to, sets and observes them by
 * name. Part of the public contract; the pool's own meters are in {@code
 * dev.workerstarter.metrics.internal}.
 */
@NullMarked
package dev.workerstarter.metrics;

import org.jspecify.annotations.NullMarked;
