package dev.workerstarter.task.internal;

/**
 * Where tasks are counted: Micrometer's meters when metrics are on.
 */
public interface TaskMeters {

	/**
	 * Times a task that ran.
	 * @param pool the name of its pool
	 * @param failed whether it failed (threw or ran past the exec TTL)
	 * @param nanos how long it took from its submission, waiting for a worker included
	 */
	void taskRan(String pool, boolean failed, long nanos);

	/**
	 * Counts a task the pool refused a worker.
	 * @param pool the name of the pool
	 */
	void rejected(String pool);

	/** Counts nothing. */
	TaskMeters NONE = new TaskMeters() {

		@Override
		public void taskRan(String pool, boolean failed, long nanos) {
		}

		@Override
		public void rejected(String pool) {
		}

	};

}
