/**
 * The sessions integration's public API:
 * {@link dev.workerstarter.integration.session.JobSession} gives code with no exchange at
 * hand, above all worker-scoped beans, the session and principal of the job running where
 * it is called. The filters and listeners behind it are in its {@code internal} package.
 */
@NullMarked
package dev.workerstarter.integration.session;

import org.jspecify.annotations.NullMarked;
