package dev.workerstarter.job.internal;

import java.time.Duration;

/**
 * How a pipeline runs its jobs, validated.
 *
 * @param name the pipeline's name
 * @param driver the name of its driver, as configured ({@code memory}, {@code redis})
 * @param concurrency the most of its jobs running at once on this instance
 * @param maxAttempts the most times a job is handled before it is dead-lettered
 * @param backoff the delay before each retry
 * @param visibilityTimeout how long a job may stay in flight without a keep-alive
 * @param takeWait how long one take waits for a job before it is made again
 * @param stopTimeout the longest a stop waits for the running jobs
 * @param paused whether the pipeline starts paused
 */
public record PipelineSettings(String name, String driver, int concurrency, int maxAttempts, RetryBackoff backoff,
		Duration visibilityTimeout, Duration takeWait, Duration stopTimeout, boolean paused) {
}
