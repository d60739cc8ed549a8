/**
 * What backs {@code JobSession}: the exchange of each worker's current job, bound when
 * the request reaches the handler and dropped when the job finishes, and the saving of a
 * session a job used before the job ends. Internal: not API. Its types may change or go
 * without notice, even when public (they are public only to be used across the starter's
 * packages); the public contract is {@code JobSession} in {@code
 * dev.workerstarter.integration.session}.
 */
@NullMarked
package dev.workerstarter.integration.session.internal;

import org.jspecify.annotations.NullMarked;
