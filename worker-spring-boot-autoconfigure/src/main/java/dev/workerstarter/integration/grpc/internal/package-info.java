/**
 * The gRPC integration: every call to Spring Boot's gRPC server runs as one job on a
 * worker, from its start until gRPC reports it complete or cancelled, with its listener's
 * callbacks (and so the service's code) on the worker's own thread, in order; the
 * exceptions the service throws, and the causes of the statuses it closes with, are
 * recorded on the job. Internal: not API. Its types may change or go without notice, even
 * when public (they are public only to be used across the starter's packages); it is set
 * up by {@code WorkerGrpcAutoConfiguration} and configured with {@code worker.grpc.*}.
 */
@NullMarked
package dev.workerstarter.integration.grpc.internal;

import org.jspecify.annotations.NullMarked;
