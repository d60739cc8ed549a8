package dev.workerstarter.web.internal;

import java.util.concurrent.RejectedExecutionException;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;

import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.kernel.internal.WorkerContextHolder;

/**
 * Runs controller methods with non-reactive return types on the thread of the worker
 * handling the request, never on an event loop. The job stays open until the method
 * returns, so a worker whose client went away is not handed to another request while its
 * thread is busy. A method whose job has already ended is refused with a
 * {@link TaskRejectedException}, which fails its request, rather than dropped. Outside a
 * worker (excluded paths) the method runs where WebFlux would run it without an executor.
 */
public final class WorkerBlockingExecutor implements AsyncTaskExecutor {

	@Override
	public void execute(Runnable task) {
		KernelJob job = WorkerContextHolder.get();
		if (job == null) {
			task.run();
			return;
		}
		try {
			job.execute(task);
		}
		catch (RejectedExecutionException ex) {
			throw new TaskRejectedException("The blocking handler method was not run: " + ex.getMessage(), ex);
		}
	}

}
