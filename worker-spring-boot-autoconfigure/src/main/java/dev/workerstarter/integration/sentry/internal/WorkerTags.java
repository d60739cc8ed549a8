package dev.workerstarter.integration.sentry.internal;

import io.sentry.IScope;

/**
 * The tags that tell which worker and job an event came from.
 */
public final class WorkerTags {

	/** Tag of the worker's id, from {@code 1} to the pool size. */
	public static final String WORKER_ID = "worker.id";

	/** Tag of the job's number within the worker's kernel. */
	public static final String JOB_NUMBER = "worker.job";

	private WorkerTags() {
	}

	static void tag(IScope scope, int workerId, long jobNumber) {
		scope.setTag(WORKER_ID, Integer.toString(workerId));
		scope.setTag(JOB_NUMBER, Long.toString(jobNumber));
	}

}
