/**
 * The pipelines of durable jobs: the loop that takes jobs from a driver and runs them on
 * a pool, retries, dead letters, and the drivers (memory, Redis Streams). Internal.
 */
@NullMarked
package dev.workerstarter.job.internal;

import org.jspecify.annotations.NullMarked;
