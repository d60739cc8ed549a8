/**
 * The worker pool as applications and integrations see it: the read model of its workers
 * ({@code WorkerInfo}, {@code WorkerState}), the {@code PoolListener} extension point,
 * why a request was rejected or a worker replaced, what a rolling reset did, and the
 * exceptions a rejected or timed-out job ends with. Part of the public contract; the pool
 * itself is in {@code dev.workerstarter.pool.internal}.
 */
@NullMarked
package dev.workerstarter.pool;

import org.jspecify.annotations.NullMarked;
