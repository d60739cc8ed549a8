package dev.workerstarter.job.internal;

/**
 * Where the pipelines count what they do: Micrometer's meters when metrics are on.
 */
public interface JobMeters {

	/**
	 * Counts a job pushed.
	 * @param pipeline the pipeline
	 */
	void pushed(String pipeline);

	/**
	 * Times one attempt at a job, from the moment it was taken to the end of its handler.
	 * @param pipeline the pipeline
	 * @param success whether the handler returned
	 * @param nanos how long it took
	 */
	void handled(String pipeline, boolean success, long nanos);

	/**
	 * Counts a job acknowledged after its handler succeeded.
	 * @param pipeline the pipeline
	 */
	void acked(String pipeline);

	/**
	 * Counts a failed job put back for another attempt.
	 * @param pipeline the pipeline
	 */
	void retried(String pipeline);

	/**
	 * Counts a job moved to the dead letters after its last attempt.
	 * @param pipeline the pipeline
	 */
	void dead(String pipeline);

	/** Counts nothing. */
	JobMeters NONE = new JobMeters() {

		@Override
		public void pushed(String pipeline) {
		}

		@Override
		public void handled(String pipeline, boolean success, long nanos) {
		}

		@Override
		public void acked(String pipeline) {
		}

		@Override
		public void retried(String pipeline) {
		}

		@Override
		public void dead(String pipeline) {
		}

	};

}
