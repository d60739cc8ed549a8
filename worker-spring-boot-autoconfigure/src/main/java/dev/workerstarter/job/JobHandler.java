package dev.workerstarter.job;

/**
 * Handles the jobs of a pipeline, a bean named by
 * {@code worker.jobs.pipelines.<name>.handler}. It runs as a job on a worker of the
 * pipeline's pool, on the worker's own thread, with everything a job has (worker-scoped
 * beans, reboot strategies, exec TTL, events, meters, the MDC). The job is acknowledged
 * once {@link #handle} returns; if it throws, the job is retried after the pipeline's
 * backoff, or goes to the dead letters after its last attempt.
 */
@FunctionalInterface
public interface JobHandler {

	/**
	 * Handles a job.
	 * @param message the job
	 * @throws Exception if the job failed: it is retried or dead-lettered
	 */
	void handle(JobMessage message) throws Exception;

}
