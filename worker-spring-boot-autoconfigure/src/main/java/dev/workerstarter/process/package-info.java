/**
 * Supervised processes, as applications see them: {@link WorkerProcess} beans, each a
 * long-running loop on a kernel of its own (a worker of the pool named
 * {@code processes}), started once the pools are up, started again with an exponential
 * backoff when it throws or returns, and asked to stop ({@link ProcessContext}) on
 * shutdown; their {@link ProcessState states} and events. Part of the public contract;
 * the supervisor itself is in {@code dev.workerstarter.process.internal}.
 */
@NullMarked
package dev.workerstarter.process;

import org.jspecify.annotations.NullMarked;
