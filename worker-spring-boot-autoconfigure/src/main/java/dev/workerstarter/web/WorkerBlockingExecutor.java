package dev.workerstarter.web;

import org.springframework.core.task.AsyncTaskExecutor;

import dev.workerstarter.kernel.Job;
import dev.workerstarter.kernel.WorkerContextHolder;

/**
 * Runs controller methods with non-reactive return types on the thread of the worker handling
 * the request, never on an event loop. The job stays open until the method returns, so a
 * worker whose client went away is not handed to another request while its thread is busy.
 * Outside a worker (excluded paths) the method runs where WebFlux would run it without an
 * executor.
 */
public final class WorkerBlockingExecutor implements AsyncTaskExecutor {

	@Override
	public void execute(Runnable task) {
		Job job = WorkerContextHolder.get();
		if (job == null) {
			task.run();
			return;
		}
		if (!job.retain()) {
			return; // the job is over: its client went away before the method could start
		}
		Runnable bound = job.wrap(task);
		job.kernel().execute(() -> {
			try {
				bound.run();
			}
			finally {
				job.release();
			}
		});
	}

}
