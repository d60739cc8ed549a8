/**
 * Worker kernels as applications and integrations see them: the {@code @WorkerScoped}
 * annotation, {@code WorkerResettable} for beans that keep per-request state, {@code
 * WorkerContext} for the worker and job at hand, the read-only {@code Job}, and the
 * extension points {@code JobBinding} (with its {@code Factory}), {@code
 * WorkerResetAdapter} and {@code WorkerReusable}. Part of the public contract; the
 * implementation is in {@code dev.workerstarter.kernel.internal}.
 */
@NullMarked
package dev.workerstarter.kernel;

import org.jspecify.annotations.NullMarked;
