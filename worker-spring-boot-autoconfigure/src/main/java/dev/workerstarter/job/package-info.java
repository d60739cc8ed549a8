/**
 * Durable jobs, as applications see them: pipelines configured under
 * {@code worker.jobs.pipelines.<name>}, jobs pushed through {@link WorkerJobs} and
 * handled by a {@link JobHandler} bean or a {@link JobListener} method as jobs on a
 * worker pool, retried with backoff and dead-lettered after their last attempt. Part of
 * the public contract; the pipelines and their drivers are in
 * {@code dev.workerstarter.job.internal}.
 */
@NullMarked
package dev.workerstarter.job;

import org.jspecify.annotations.NullMarked;
