package dev.workerstarter.kernel.internal;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectFactory;
import org.springframework.beans.factory.config.Scope;

/**
 * The {@code worker} scope: one bean instance per worker kernel, resolved through the job
 * bound to the current thread.
 */
public final class WorkerScope implements Scope {

	/** Name of the scope. */
	public static final String NAME = "worker";

	@Override
	public Object get(String name, ObjectFactory<?> objectFactory) {
		KernelJob job = currentJob(name);
		return job.kernel().instance(name, objectFactory, job);
	}

	@Override
	public @Nullable Object remove(String name) {
		return currentJob(name).kernel().remove(name);
	}

	@Override
	public void registerDestructionCallback(String name, Runnable callback) {
		currentJob(name).kernel().registerDestructionCallback(name, callback);
	}

	@Override
	public @Nullable Object resolveContextualObject(String key) {
		return null;
	}

	@Override
	public @Nullable String getConversationId() {
		KernelJob job = WorkerContextHolder.get();
		return (job != null) ? "worker-" + job.workerId() : null;
	}

	private static KernelJob currentJob(String name) {
		KernelJob job = WorkerContextHolder.get();
		if (job == null) {
			throw new IllegalStateException(
					"Worker-scoped bean '" + name + "' used outside a worker: no worker handles a request on thread '"
							+ Thread.currentThread().getName() + "'. Use it while a request runs on a worker "
							+ "(not on a path listed in worker.http.exclude-paths); for reactive code that resumes on "
							+ "threads Reactor did not schedule, set spring.reactor.context-propagation=auto.");
		}
		return job;
	}

}
