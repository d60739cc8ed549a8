package dev.workerstarter.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.process.WorkerProcess;
import dev.workerstarter.process.internal.ProcessSupervisor;

/**
 * The pool the {@link WorkerProcess} beans run on, one worker each: named
 * {@value ProcessSupervisor#POOL}, added to the named pools when there are processes.
 * Unless configured under {@code worker.pools.processes}, it has a worker per process,
 * the destroy timeout of {@code worker.processes.destroy-timeout} and the defaults of a
 * named pool; a configured one must have a worker per process, no exec TTL and no paths.
 */
final class ProcessPool {

	private static final String PREFIX = "worker.pools." + ProcessSupervisor.POOL;

	private ProcessPool() {
	}

	/**
	 * Returns the names of the process beans, read from the bean definitions so that no
	 * bean is created before the pools.
	 * @param beanFactory the bean factory
	 * @return the bean names, in definition order
	 */
	static List<String> processNames(ListableBeanFactory beanFactory) {
		List<String> names = new ArrayList<>();
		for (String name : beanFactory.getBeanNamesForType(WorkerProcess.class, true, false)) {
			if (!ScopedProxyUtils.isScopedTarget(name)) {
				names.add(name);
			}
		}
		return names;
	}

	/**
	 * Returns the named pools, the processes' pool included when there are processes.
	 * @param properties the configuration
	 * @param processNames the names of the process beans
	 * @return the named pools by name, in the order they are configured, the processes'
	 * pool last unless configured
	 * @throws InvalidWorkerPropertyException if a configured processes' pool cannot run
	 * every process
	 */
	static Map<String, WorkerProperties.NamedPool> namedPools(WorkerProperties properties, List<String> processNames) {
		if (processNames.isEmpty()) {
			return properties.pools();
		}
		int count = processNames.size();
		WorkerProperties.NamedPool configured = properties.pools().get(ProcessSupervisor.POOL);
		WorkerProperties.NamedPool pool;
		if (configured != null) {
			requireFit(configured, processNames);
			pool = withSize(configured, (configured.size() != null) ? configured.size() : count,
					configured.destroyTimeout());
		}
		else {
			WorkerProperties.NamedPool defaults = new Binder().bindOrCreate(PREFIX,
					Bindable.of(WorkerProperties.NamedPool.class));
			pool = withSize(defaults, count, properties.processes().destroyTimeout());
		}
		Map<String, WorkerProperties.NamedPool> pools = new LinkedHashMap<>(properties.pools());
		pools.put(ProcessSupervisor.POOL, pool);
		return pools;
	}

	private static void requireFit(WorkerProperties.NamedPool pool, List<String> processNames) {
		int count = processNames.size();
		Integer size = pool.size();
		if (size != null && size < count) {
			throw new InvalidWorkerPropertyException(PREFIX + ".size", size,
					"each of the " + count + " WorkerProcess beans (" + String.join(", ", processNames)
							+ ") runs on a worker of its own for as long as it runs",
					"Set " + PREFIX + ".size to " + count + " or more, or remove it to get one worker per process.");
		}
		Duration execTtl = pool.supervisor().execTtl();
		if (!execTtl.isZero()) {
			throw new InvalidWorkerPropertyException(PREFIX + ".supervisor.exec-ttl", execTtl,
					"a process is one job that lasts until shutdown: an exec TTL would cut every process short",
					"Remove " + PREFIX + ".supervisor.exec-ttl or set it to 0.");
		}
		if (!pool.paths().isEmpty()) {
			throw new InvalidWorkerPropertyException(PREFIX + ".paths", pool.paths(),
					"the processes' workers are busy with their processes and take no requests",
					"Remove " + PREFIX + ".paths, and route the paths to another pool.");
		}
	}

	private static WorkerProperties.NamedPool withSize(WorkerProperties.NamedPool pool, int size,
			Duration destroyTimeout) {
		return new WorkerProperties.NamedPool(size, pool.maxQueueSize(), pool.allocateTimeout(), destroyTimeout,
				pool.kernelReboot(), pool.supervisor(), pool.middlewares(), pool.paths());
	}

}
