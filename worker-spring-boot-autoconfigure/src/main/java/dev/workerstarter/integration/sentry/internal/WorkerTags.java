package dev.workerstarter.integration.sentry.internal;

import io.sentry.IScope;

/**
 * The tags that tell which pool, worker and job an event came from.
 */
public final class WorkerTags {

	/** Tag of the worker's pool. */
	public static final String POOL = "worker.pool";

	/** Tag of the worker's id, from {@code 1} to the pool size. */
	public static final String WORKER_ID = "worker.id";

	/** Tag of the job's number within the worker's kernel. */
	public static final String JOB_NUMBER = "worker.job";

	private WorkerTags() {
	}

	static void tag(IScope scope, String poolName, int workerId, long jobNumber) {
		scope.setTag(POOL, poolName);
		scope.setTag(WORKER_ID, Integer.toString(workerId));
		scope.setTag(JOB_NUMBER, Long.toString(jobNumber));
	}

}
