/**
 * The JPA integration: after each job, worker-scoped {@code EntityManager}s are cleared
 * (an open transaction rolled back), a manager left closed or rollback-only reboots its
 * kernel, and a JDBC connection that died while the kernel sat idle is given back before
 * the next use. Internal: not API. Its types may change or go without notice, even when
 * public (they are public only to be used across the starter's packages); it is set up by
 * {@code WorkerJpaAutoConfiguration} and reached through the public {@code
 * WorkerResetAdapter} and {@code WorkerReusable} of {@code dev.workerstarter.kernel}.
 */
@NullMarked
package dev.workerstarter.integration.jpa.internal;

import org.jspecify.annotations.NullMarked;
