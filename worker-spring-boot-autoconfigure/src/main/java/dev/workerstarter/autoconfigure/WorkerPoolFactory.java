package dev.workerstarter.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.kernel.JobBinding;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerResetAdapter;
import dev.workerstarter.kernel.internal.KernelThreads;
import dev.workerstarter.kernel.internal.UseAfterJob;
import dev.workerstarter.middleware.internal.MiddlewareResolver;
import dev.workerstarter.observation.internal.WorkerObservations;
import dev.workerstarter.pool.PoolListener;
import dev.workerstarter.pool.internal.BoundedWorkerPool;
import dev.workerstarter.pool.internal.KernelBootstrap;
import dev.workerstarter.pool.internal.SupervisorLimits;
import dev.workerstarter.reboot.internal.RebootSettings;

/**
 * Makes the pools from their configuration: the default pool from the top-level keys,
 * each named pool from {@code worker.pools.<name>.*}, all with the same collaborators and
 * each with its own kernels, strategies, limits, middlewares and listeners. Checks every
 * value, naming its key.
 */
final class WorkerPoolFactory {

	private static final Pattern POOL_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_-]*");

	private final ConfigurableListableBeanFactory beanFactory;

	private final List<String> scopedBeanNames;

	private final WorkerResetAdapter resetAdapter;

	private final UseAfterJob useAfterJob;

	private final KernelThreads threads;

	private final ApplicationEventPublisher publisher;

	private final List<PoolListener> listeners;

	private final List<PoolListener.Factory> listenerFactories;

	private final WorkerObservations observations;

	private final JobBinding.Factory bindings;

	WorkerPoolFactory(ConfigurableListableBeanFactory beanFactory, List<String> scopedBeanNames,
			WorkerResetAdapter resetAdapter, UseAfterJob useAfterJob, KernelThreads threads,
			ApplicationEventPublisher publisher, List<PoolListener> listeners,
			List<PoolListener.Factory> listenerFactories, WorkerObservations observations,
			JobBinding.Factory bindings) {
		this.beanFactory = beanFactory;
		this.scopedBeanNames = scopedBeanNames;
		this.resetAdapter = resetAdapter;
		this.useAfterJob = useAfterJob;
		this.threads = threads;
		this.publisher = publisher;
		this.listeners = listeners;
		this.listenerFactories = listenerFactories;
		this.observations = observations;
		this.bindings = bindings;
	}

	BoundedWorkerPool defaultPool(WorkerProperties properties) {
		return create(WorkerContext.DEFAULT_POOL, "worker.pool", properties.pool(), "worker.kernel-reboot",
				properties.kernelReboot(), "worker.supervisor", properties.supervisor(), "worker.middlewares",
				properties.middlewares());
	}

	List<BoundedWorkerPool> namedPools(Map<String, WorkerProperties.NamedPool> pools) {
		List<BoundedWorkerPool> named = new ArrayList<>();
		pools.forEach((name, pool) -> {
			String prefix = "worker.pools." + name;
			requireValidName(prefix, name);
			named.add(create(name, prefix, pool.pool(), prefix + ".kernel-reboot", pool.kernelReboot(),
					prefix + ".supervisor", pool.supervisor(), prefix + ".middlewares", pool.middlewares()));
		});
		return named;
	}

	private static void requireValidName(String prefix, String name) {
		if (WorkerContext.DEFAULT_POOL.equals(name)) {
			throw new InvalidWorkerPropertyException(prefix, name,
					"the default pool is configured by the top-level keys",
					"Use worker.pool.*, worker.kernel-reboot.*, worker.supervisor.* and worker.middlewares for the "
							+ "default pool, or give the named pool another name.");
		}
		if (!POOL_NAME.matcher(name).matches()) {
			throw new InvalidWorkerPropertyException(prefix, name,
					"a pool name is used in meter tags, thread names " + "and endpoint paths",
					"Name the pool with letters, digits, dashes and underscores only.");
		}
	}

	private BoundedWorkerPool create(String name, String prefix, WorkerProperties.Pool pool, String rebootPrefix,
			WorkerProperties.KernelReboot reboot, String supervisorPrefix, WorkerProperties.Supervisor supervisor,
			String middlewaresKey, List<String> middlewares) {
		BoundedWorkerPool.Settings settings = BoundedWorkerPool.Settings.of(name, prefix, pool.sizeOrDefault(),
				pool.maxQueueSize(), pool.allocateTimeout(), pool.destroyTimeout());
		RebootSettings rebootSettings = RebootSettings.resolve(rebootPrefix, reboot.strategy(),
				reboot.allowedExceptions(), reboot.maxJobs(), reboot.maxJobsDispersion(), reboot.memoryThreshold(),
				this.beanFactory);
		SupervisorLimits limits = SupervisorLimits.of(supervisorPrefix, supervisor.execTtl(), supervisor.ttl(),
				supervisor.idleTtl(), supervisor.watchTick(), rebootSettings.memory());
		KernelBootstrap bootstrap = new KernelBootstrap(this.beanFactory, this.scopedBeanNames,
				MiddlewareResolver.of(middlewaresKey, middlewares, this.beanFactory), this.resetAdapter,
				this.useAfterJob, this.threads);
		return new BoundedWorkerPool(settings, limits, bootstrap, rebootSettings.policy(), this.publisher,
				Schedulers.parallel(), System::nanoTime, listener(name, settings.size()), this.observations,
				this.bindings);
	}

	private PoolListener listener(String poolName, int size) {
		List<PoolListener> all = new ArrayList<>(this.listeners);
		for (PoolListener.Factory factory : this.listenerFactories) {
			all.add(factory.create(poolName, size));
		}
		return PoolListener.of(all);
	}

}
