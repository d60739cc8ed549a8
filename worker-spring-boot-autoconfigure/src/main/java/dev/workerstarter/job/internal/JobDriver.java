package dev.workerstarter.job.internal;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where one pipeline keeps its jobs: the memory driver or Redis Streams. The pipeline
 * takes jobs, runs them and tells the driver how each ended; the driver never runs a job.
 * A job taken and not yet acknowledged, retried or dead-lettered is in flight: a driver
 * shared by several instances hands it to another instance once it has been in flight
 * longer than the visibility timeout without a {@link #keepAlive}. Every state change of
 * one job is atomic (a retry never leaves the job both acknowledged and requeued, nor
 * neither).
 */
public interface JobDriver {

	/**
	 * Keeps a job until it is due ({@link QueuedJob#notBeforeMillis()}).
	 * @param job the job
	 * @return completes once the driver holds the job durably (as durable as the driver
	 * is)
	 */
	Mono<Void> push(QueuedJob job);

	/**
	 * Takes jobs that are due, in priority order where the driver orders by priority,
	 * else in the order they became due; jobs of another instance whose visibility
	 * timeout passed count as due.
	 * @param max the most jobs to take, at least {@code 1}
	 * @param wait how long to wait for a job when none is due
	 * @return the jobs taken, now in flight on this instance; empty after the wait
	 */
	Mono<List<Delivery>> take(int max, Duration wait);

	/**
	 * Acknowledges a job its handler has handled: the driver forgets it.
	 * @param delivery the job as it was taken
	 * @return completes once the job is acknowledged
	 */
	Mono<Void> ack(Delivery delivery);

	/**
	 * Puts a job back to run again, atomically with its acknowledgement.
	 * @param delivery the job as it was taken
	 * @param attempt the attempt number it runs with next time
	 * @param notBeforeMillis when it may run again, epoch milliseconds
	 * @return completes once the job is back
	 */
	Mono<Void> retry(Delivery delivery, int attempt, long notBeforeMillis);

	/**
	 * Moves a job to the pipeline's dead letters, atomically with its acknowledgement.
	 * @param delivery the job as it was taken
	 * @param error what its last attempt failed with, one line
	 * @return completes once the job is a dead letter
	 */
	Mono<Void> deadLetter(Delivery delivery, String error);

	/**
	 * Keeps jobs this instance still runs from passing their visibility timeout.
	 * @param running the jobs
	 * @return completes once done
	 */
	Mono<Void> keepAlive(List<Delivery> running);

	/**
	 * Counts the pipeline's jobs, over every instance that shares the driver.
	 * @return the counts
	 */
	Mono<PipelineStats> stats();

	/**
	 * Returns the most recent dead letters, newest first.
	 * @param limit the most to return
	 * @return the dead letters
	 */
	Flux<DeadLetter> deadLetters(int limit);

	/**
	 * Tells whether jobs of a higher priority are taken first.
	 * @return {@code true} if {@link QueuedJob#priority()} orders the jobs
	 */
	boolean ordersByPriority();

	/**
	 * A job as it was taken, with what the driver needs to acknowledge it.
	 *
	 * @param job the job
	 * @param receipt the driver's handle of this delivery (for example a stream entry's
	 * id)
	 */
	record Delivery(QueuedJob job, String receipt) {
	}

	/**
	 * A job as the drivers keep it.
	 *
	 * @param id the job's id, the same on every attempt
	 * @param payload the payload's JSON
	 * @param attempt which attempt it is when it next runs, from {@code 1}
	 * @param pushedAtMillis when it was pushed, epoch milliseconds
	 * @param notBeforeMillis when it may run at the earliest, epoch milliseconds
	 * @param priority its priority, higher first, for drivers that order by priority
	 */
	record QueuedJob(String id, String payload, int attempt, long pushedAtMillis, long notBeforeMillis, int priority) {
	}

	/**
	 * The counts of a pipeline.
	 *
	 * @param waiting jobs due and not taken
	 * @param delayed jobs not yet due (delayed, or waiting for a retry)
	 * @param inFlight jobs taken and not yet acknowledged, on any instance
	 * @param deadLetters jobs in the dead letters
	 */
	record PipelineStats(long waiting, long delayed, long inFlight, long deadLetters) {
	}

	/**
	 * A job that failed its last attempt.
	 *
	 * @param id the job's id
	 * @param payload the payload's JSON
	 * @param attempts how many times it was handled
	 * @param error what its last attempt failed with
	 * @param failedAtMillis when it was dead-lettered, epoch milliseconds
	 */
	record DeadLetter(String id, String payload, int attempts, String error, long failedAtMillis) {
	}

}
