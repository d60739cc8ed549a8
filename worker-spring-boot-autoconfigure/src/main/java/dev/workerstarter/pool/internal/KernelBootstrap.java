package dev.workerstarter.pool.internal;

import java.util.List;

import org.springframework.beans.factory.BeanFactory;

import dev.workerstarter.kernel.WorkerResetAdapter;
import dev.workerstarter.kernel.internal.Kernel;
import dev.workerstarter.kernel.internal.KernelThreads;
import dev.workerstarter.kernel.internal.UseAfterJob;
import dev.workerstarter.middleware.internal.MiddlewareChain;
import dev.workerstarter.middleware.internal.MiddlewareResolver;

/**
 * Makes and boots kernels: gives each its kind of thread, creates every worker-scoped
 * bean eagerly and resolves the middleware chain, so that a worker's first job after a
 * boot pays no creation cost.
 */
public final class KernelBootstrap {

	private final BeanFactory beanFactory;

	private final List<String> scopedBeanNames;

	private final MiddlewareResolver middlewares;

	private final WorkerResetAdapter resetAdapter;

	private final UseAfterJob useAfterJob;

	private final KernelThreads threads;

	/**
	 * Creates a bootstrap.
	 * @param beanFactory the factory holding the worker-scoped bean definitions
	 * @param scopedBeanNames names of the worker-scoped bean definitions, in creation
	 * order
	 * @param middlewares resolves the configured middlewares for each kernel
	 * @param resetAdapter adapts the worker-scoped beans that are not resettable
	 * themselves
	 * @param useAfterJob what a use of a worker-scoped bean on behalf of an ended job
	 * does
	 * @param threads makes the kernels' threads: platform or virtual
	 */
	public KernelBootstrap(BeanFactory beanFactory, List<String> scopedBeanNames, MiddlewareResolver middlewares,
			WorkerResetAdapter resetAdapter, UseAfterJob useAfterJob, KernelThreads threads) {
		this.beanFactory = beanFactory;
		this.scopedBeanNames = List.copyOf(scopedBeanNames);
		this.middlewares = middlewares;
		this.resetAdapter = resetAdapter;
		this.useAfterJob = useAfterJob;
		this.threads = threads;
	}

	/**
	 * Makes a worker's kernel, not booted yet, with the configured kind of thread.
	 * @param poolName the name of the worker's pool
	 * @param workerId the id of the worker that owns the kernel
	 * @param generation how many kernels the worker had before this one
	 * @return the kernel
	 */
	public Kernel newKernel(String poolName, int workerId, long generation) {
		return new Kernel(poolName, workerId, generation, this.threads);
	}

	/**
	 * Tells whether booting a kernel creates beans (worker-scoped beans or middlewares
	 * made per kernel), which must happen on the kernel's own thread.
	 * @return {@code true} if a boot creates beans
	 */
	public boolean createsBeans() {
		return !this.scopedBeanNames.isEmpty() || this.middlewares.createsBeans();
	}

	/**
	 * Boots the given kernel on the calling thread.
	 * @param kernel the kernel
	 * @return the kernel's middleware chain
	 */
	public MiddlewareChain boot(Kernel kernel) {
		return kernel.boot(this.beanFactory::getBean, this.scopedBeanNames, this.resetAdapter, this.useAfterJob,
				() -> this.middlewares.resolve(kernel));
	}

}
