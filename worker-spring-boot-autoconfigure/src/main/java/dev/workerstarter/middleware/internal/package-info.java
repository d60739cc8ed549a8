/**
 * The middleware chain of each kernel: the entries of {@code worker.middlewares} resolved
 * to beans or per-kernel instances when a kernel boots, linked once, and ending in the
 * request's WebFlux filter chain. Internal: not API. Its types may change or go without
 * notice, even when public (they are public only to be used across the starter's
 * packages); the public contract is in {@code dev.workerstarter.middleware}.
 */
@NullMarked
package dev.workerstarter.middleware.internal;

import org.jspecify.annotations.NullMarked;
