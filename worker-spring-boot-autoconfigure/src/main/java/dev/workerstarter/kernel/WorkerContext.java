package dev.workerstarter.kernel;

import java.util.Optional;

import dev.workerstarter.kernel.internal.WorkerContextHolder;

/**
 * The worker handling the current job: a request, or any work run on a pool. Available in
 * blocking handlers (they run on the worker's own thread), in reactive code inside the
 * job's chain, also after a hop to a Reactor {@code Scheduler}, and while a kernel boots
 * (its beans are created with {@link #jobNumber()} {@code 0}). For reactive code that
 * resumes on threads Reactor did not schedule (for example a Netty client's event loop),
 * enable Reactor's automatic context propagation
 * ({@code spring.reactor.context-propagation=auto}): the context is also stored in the
 * Reactor {@code Context} under {@link #CONTEXT_KEY}.
 */
public interface WorkerContext {

	/** Key of the current {@code WorkerContext} in the Reactor {@code Context}. */
	String CONTEXT_KEY = "dev.workerstarter.worker";

	/**
	 * Name of the default pool: the one configured by {@code worker.pool.*} and the other
	 * top-level keys, which runs every request no named pool's paths match.
	 */
	String DEFAULT_POOL = "default";

	/**
	 * Returns the worker handling the request on this thread, if any.
	 * @return the current worker context, or empty outside a worker
	 */
	static Optional<WorkerContext> current() {
		return Optional.ofNullable(WorkerContextHolder.get());
	}

	/**
	 * Returns the name of the worker's pool: {@value #DEFAULT_POOL}, or the name of a
	 * pool configured under {@code worker.pools.<name>}.
	 * @return the pool name
	 */
	String poolName();

	/**
	 * Returns the id of the worker, from {@code 1} to the pool size.
	 * @return the worker id
	 */
	int workerId();

	/**
	 * Returns the number of this job among those handled by the worker's current kernel,
	 * starting at {@code 1}; {@code 0} while the kernel boots.
	 * @return the job number
	 */
	long jobNumber();

	/**
	 * Asks for the worker's kernel to be rebooted after this job, with reason
	 * {@link dev.workerstarter.reboot.RebootReason#FORCED FORCED}.
	 */
	void requestKernelReboot();

}
