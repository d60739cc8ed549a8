/**
 * The supervisor of the {@code WorkerProcess} beans: one job per process on the pool
 * named {@code processes}, restarts with an exponential backoff, the stop on shutdown,
 * each process's state for the endpoint, health and meters. Internal: may change in any
 * release.
 */
@NullMarked
package dev.workerstarter.process.internal;

import org.jspecify.annotations.NullMarked;
