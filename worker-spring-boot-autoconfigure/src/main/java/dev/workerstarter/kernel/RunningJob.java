package dev.workerstarter.kernel;

import java.util.concurrent.Executor;

/**
 * A job as the work it runs sees it when it starts ({@code JobWork#start}): the job, and
 * the worker's own thread to run blocking parts of the work on.
 */
public interface RunningJob extends Job {

	/**
	 * Returns an executor that runs tasks on the worker's own thread, one at a time and
	 * in order, with this job bound ({@link WorkerContext#current()}, worker-scoped
	 * beans, the MDC). The job stays open while a task runs, so the worker takes no other
	 * job meanwhile. A task given once the job has ended (it completed, was cancelled or
	 * ran past the exec TTL) or once the worker's kernel was destroyed is refused with a
	 * {@link java.util.concurrent.RejectedExecutionException}.
	 * @return the executor of the worker's thread for this job
	 */
	Executor executor();

}
