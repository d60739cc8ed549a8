/**
 * The Sentry integration: Sentry scopes of its own for every job, tagged with the worker
 * and job, exceptions of {@code WorkerExceptionEvent}s sent once (not again when Sentry
 * already has them), and Sentry's queue flushed when a worker stops. Internal: not API.
 * Its types may change or go without notice, even when public (they are public only to be
 * used across the starter's packages); it is set up by {@code
 * WorkerSentryAutoConfiguration} through the public {@code JobBinding} extension point of
 * {@code dev.workerstarter.kernel}.
 */
@NullMarked
package dev.workerstarter.integration.sentry.internal;

import org.jspecify.annotations.NullMarked;
