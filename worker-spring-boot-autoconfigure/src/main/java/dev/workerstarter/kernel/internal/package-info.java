/**
 * The implementation of worker kernels: the kernel itself (a worker's worker-scoped beans
 * and thread), the job with its mutators, the {@code worker} scope and the fast proxies
 * of worker-scoped beans, the warning or exception when such a bean is used after its job
 * ended, the per-thread scope used while the pool is off, and the binding of the current
 * job to threads (thread local, MDC, context propagation, Reactor scheduler hooks).
 * Internal: not API. Its types may change or go without notice, even when public (they
 * are public only to be used across the starter's packages); the public contract is in
 * {@code dev.workerstarter.kernel}.
 */
@NullMarked
package dev.workerstarter.kernel.internal;

import org.jspecify.annotations.NullMarked;
