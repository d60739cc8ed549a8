/**
 * The pool's Micrometer observations, children of the request's own: {@code worker.queue}
 * while a request waits for a worker and {@code worker.job} while a worker handles it, so
 * that tracing shows both as spans. Internal: not API. Its types may change or go without
 * notice, even when public (they are public only to be used across the starter's
 * packages); the observation names are documented in {@code docs/observability.md}.
 */
@NullMarked
package dev.workerstarter.observation.internal;

import org.jspecify.annotations.NullMarked;
