package dev.workerstarter.job;

import java.time.Instant;

/**
 * A durable job as its handler sees it.
 */
public interface JobMessage {

	/**
	 * Returns the job's id, the same on every attempt.
	 * @return the id {@link WorkerJobs#push} gave
	 */
	String id();

	/**
	 * Returns the pipeline the job was pushed to.
	 * @return the pipeline's name
	 */
	String pipeline();

	/**
	 * Returns which attempt this is.
	 * @return {@code 1} for the first, up to the pipeline's max attempts
	 */
	int attempt();

	/**
	 * Returns when the job was pushed.
	 * @return the push time
	 */
	Instant pushedAt();

	/**
	 * Returns the payload as it was written.
	 * @return the payload's JSON
	 */
	String payload();

	/**
	 * Reads the payload into a type.
	 * @param type the type
	 * @param <T> the type
	 * @return the payload
	 * @throws IllegalArgumentException if the payload cannot be read into that type
	 */
	<T> T payload(Class<T> type);

}
