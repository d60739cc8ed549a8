/**
 * Spring Boot auto-configuration of the starter: the worker pool and its dispatching
 * filter, the metrics, the actuator endpoint and health contributor, the {@code worker}
 * scope while the pool is off, and the integrations (Sentry, sessions, JPA, gRPC), each
 * guarded by its conditions. Owns the {@code worker.*} configuration properties
 * ({@link dev.workerstarter.autoconfigure.WorkerProperties}), handed as plain values to
 * the packages that check them, and the failure analyses that explain a bad value or a
 * missing bean at start-up.
 */
@NullMarked
package dev.workerstarter.autoconfigure;

import org.jspecify.annotations.NullMarked;
