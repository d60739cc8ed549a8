/**
 * Worker middlewares: {@code WorkerMiddleware} runs around the handling of each request
 * on a worker, outside the WebFlux chain, and calls the rest of the chain through {@code
 * WorkerMiddlewareChain}. Part of the public contract; the chain's implementation is in
 * {@code dev.workerstarter.middleware.internal}.
 */
@NullMarked
package dev.workerstarter.middleware;

import org.jspecify.annotations.NullMarked;
