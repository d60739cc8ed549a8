package dev.workerstarter.kernel;

/**
 * A {@link WorkerResettable} that also checks its bean before a job uses it again, for
 * beans that hold a resource between jobs which may have gone bad while the kernel sat
 * idle (a JPA {@code EntityManager}'s JDBC connection). Implemented by a worker-scoped
 * bean itself or by the reset a {@link WorkerResetAdapter} returns.
 */
public interface WorkerReusable extends WorkerResettable {

	/**
	 * Called when a job first uses the bean, unless that job created it: on the thread
	 * about to use it, with the job bound, right before that use. Called through the
	 * bean's scoped proxy, so it costs nothing to jobs that leave the bean alone. An
	 * exception thrown here fails that use.
	 */
	void beforeReuse();

}
