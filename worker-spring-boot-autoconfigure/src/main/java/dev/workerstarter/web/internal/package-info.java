/**
 * The WebFlux side of the pool: the outermost web filter that runs each request as a job
 * on a worker, the request as a unit of work (middlewares, then the filter chain, its
 * body delivered with the job bound, on its own connection's event loop), the executor
 * that runs blocking controller methods on the worker's thread, and the recording of
 * exceptions that WebFlux handles before the filter sees them. Internal: not API. Its
 * types may change or go without notice, even when public (they are public only to be
 * used across the starter's packages); applications configure it with {@code worker.*}
 * and write against the public packages such as {@code dev.workerstarter.kernel} and
 * {@code dev.workerstarter.middleware}.
 */
@NullMarked
package dev.workerstarter.web.internal;

import org.jspecify.annotations.NullMarked;
