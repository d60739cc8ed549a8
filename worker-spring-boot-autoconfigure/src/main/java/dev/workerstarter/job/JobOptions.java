package dev.workerstarter.job;

import java.time.Duration;

/**
 * How a job is pushed ({@link WorkerJobs#push(String, Object, JobOptions)}).
 *
 * @param delay how long after the push the job may run at the earliest; zero for at once
 * @param priority the job's priority: of the jobs that may run, those of the highest
 * priority run first; only the memory driver orders by priority, so anything but
 * {@code 0} fails a push to a Redis pipeline
 */
public record JobOptions(Duration delay, int priority) {

	/** No delay, priority {@code 0}. */
	public static final JobOptions NONE = new JobOptions(Duration.ZERO, 0);

	/**
	 * Creates options.
	 * @param delay how long after the push the job may run at the earliest
	 * @param priority the job's priority
	 * @throws IllegalArgumentException if the delay is negative
	 */
	public JobOptions {
		if (delay.isNegative()) {
			throw new IllegalArgumentException("The delay of a job must not be negative, was " + delay);
		}
	}

	/**
	 * Returns options with a delay and priority {@code 0}.
	 * @param delay how long after the push the job may run at the earliest
	 * @return the options
	 */
	public static JobOptions delayed(Duration delay) {
		return new JobOptions(delay, 0);
	}

	/**
	 * Returns these options with another priority.
	 * @param priority the priority
	 * @return the options
	 */
	public JobOptions withPriority(int priority) {
		return new JobOptions(this.delay, priority);
	}

}
