package dev.workerstarter.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

import dev.workerstarter.middleware.MiddlewareResolver;
import dev.workerstarter.pool.Supervision;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.reboot.AlwaysRebootStrategy;
import dev.workerstarter.reboot.KernelRebootStrategy;
import dev.workerstarter.reboot.MaxJobsRebootStrategy;
import dev.workerstarter.reboot.MemoryThreshold;
import dev.workerstarter.reboot.OnExceptionRebootStrategy;
import dev.workerstarter.reboot.RebootPolicy;

/**
 * Turns {@link WorkerProperties} into the objects the pool runs with, rejecting every value it
 * cannot use with an {@link InvalidWorkerPropertyException} that names the property and the
 * fix.
 */
final class WorkerPropertiesResolver {

	static final List<String> BUILT_IN_STRATEGIES = List.of("on_exception", "max_jobs", "always", "memory");

	private static final String MEMORY = "memory";

	private final ConfigurableListableBeanFactory beanFactory;

	WorkerPropertiesResolver(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	WorkerPool.Settings poolSettings(WorkerProperties.Pool pool) {
		int size = pool.sizeOrDefault();
		if (size < 1) {
			throw new InvalidWorkerPropertyException("worker.pool.size", size, "a pool needs at least one worker",
					"Set worker.pool.size to 1 or more, or remove it to get twice the number of processors.");
		}
		if (pool.maxQueueSize() < 0) {
			throw new InvalidWorkerPropertyException("worker.pool.max-queue-size", pool.maxQueueSize(),
					"the queue size cannot be negative",
					"Set worker.pool.max-queue-size to 0 (no waiting) or more.");
		}
		requirePositive("worker.pool.allocate-timeout", pool.allocateTimeout());
		requireNotNegative("worker.pool.destroy-timeout", pool.destroyTimeout());
		return new WorkerPool.Settings(size, pool.maxQueueSize(), pool.allocateTimeout(), pool.destroyTimeout());
	}

	RebootPolicy rebootPolicy(WorkerProperties.KernelReboot reboot) {
		List<String> names = reboot.strategy();
		if (names.isEmpty()) {
			throw new InvalidWorkerPropertyException("worker.kernel-reboot.strategy", "", "no strategy is configured",
					"Set worker.kernel-reboot.strategy to one or more of " + BUILT_IN_STRATEGIES
							+ " or names of KernelRebootStrategy beans.");
		}
		List<KernelRebootStrategy> strategies = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i).trim();
			if (!MEMORY.equals(builtIn(name))) { // not a per-job decision: the supervisor watches the heap
				strategies.add(strategy("worker.kernel-reboot.strategy[" + i + "]", name, reboot));
			}
		}
		return new RebootPolicy(strategies);
	}

	Supervision supervision(WorkerProperties.Supervisor supervisor, WorkerProperties.KernelReboot reboot) {
		requireNotNegative("worker.supervisor.exec-ttl", supervisor.execTtl());
		requireNotNegative("worker.supervisor.ttl", supervisor.ttl());
		requireNotNegative("worker.supervisor.idle-ttl", supervisor.idleTtl());
		requirePositive("worker.supervisor.watch-tick", supervisor.watchTick());
		MemoryThreshold threshold = memoryThreshold(reboot.memoryThreshold());
		boolean memory = reboot.strategy().stream().anyMatch((name) -> MEMORY.equals(builtIn(name.trim())));
		return new Supervision(supervisor.execTtl(), supervisor.ttl(), supervisor.idleTtl(), supervisor.watchTick(),
				memory ? threshold : null);
	}

	private static MemoryThreshold memoryThreshold(String value) {
		String property = "worker.kernel-reboot.memory-threshold";
		String fix = "Set " + property + " to a fraction of the maximum heap such as 0.8, or to a size with its unit "
				+ "such as 512MB.";
		String trimmed = value.trim();
		try {
			if (trimmed.matches("[0-9]*\\.?[0-9]+")) {
				double number = Double.parseDouble(trimmed);
				if (number > 1) {
					throw new InvalidWorkerPropertyException(property, value,
							"a number above 1 is neither a fraction nor a size with a unit", fix);
				}
				return MemoryThreshold.ofFraction(number);
			}
			return MemoryThreshold.ofSize(DataSize.parse(trimmed));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWorkerPropertyException(property, value, ex.getMessage(), fix);
		}
	}

	private static String builtIn(String name) {
		return name.toLowerCase(Locale.ROOT).replace('-', '_');
	}

	private KernelRebootStrategy strategy(String property, String name, WorkerProperties.KernelReboot reboot) {
		switch (builtIn(name)) {
			case "on_exception":
				return new OnExceptionRebootStrategy(allowedExceptions(reboot.allowedExceptions()));
			case "max_jobs":
				return maxJobs(reboot);
			case "always":
				return new AlwaysRebootStrategy();
			default:
				if (this.beanFactory.containsBean(name)
						&& this.beanFactory.isTypeMatch(name, KernelRebootStrategy.class)) {
					return this.beanFactory.getBean(name, KernelRebootStrategy.class);
				}
				throw new InvalidWorkerPropertyException(property, name,
						"it is neither a built-in strategy nor the name of a KernelRebootStrategy bean",
						"Use one of " + BUILT_IN_STRATEGIES + " (dashes and upper case are accepted), or declare a "
								+ "bean of type " + KernelRebootStrategy.class.getName() + " with that name.");
		}
	}

	private List<Class<?>> allowedExceptions(List<String> names) {
		List<Class<?>> types = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i).trim();
			try {
				types.add(ClassUtils.forName(name, this.beanFactory.getBeanClassLoader()));
			}
			catch (ClassNotFoundException | LinkageError ex) {
				throw new InvalidWorkerPropertyException("worker.kernel-reboot.allowed-exceptions[" + i + "]", name,
						"no such class or interface on the classpath",
						"Use the fully qualified name of an exception class or of an interface exceptions "
								+ "implement, for example org.springframework.web.ErrorResponse.");
			}
		}
		return types;
	}

	private MaxJobsRebootStrategy maxJobs(WorkerProperties.KernelReboot reboot) {
		if (reboot.maxJobs() < 1) {
			throw new InvalidWorkerPropertyException("worker.kernel-reboot.max-jobs", reboot.maxJobs(),
					"a kernel must handle at least one job", "Set worker.kernel-reboot.max-jobs to 1 or more.");
		}
		double dispersion = reboot.maxJobsDispersion();
		if (!(dispersion >= 0 && dispersion <= 1)) {
			throw new InvalidWorkerPropertyException("worker.kernel-reboot.max-jobs-dispersion", dispersion,
					"the dispersion is a fraction of max-jobs",
					"Set worker.kernel-reboot.max-jobs-dispersion between 0 and 1, for example 0.2.");
		}
		return new MaxJobsRebootStrategy(reboot.maxJobs(), dispersion, new Random());
	}

	MiddlewareResolver middlewares(List<String> entries) {
		List<MiddlewareResolver.Source> sources = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			try {
				sources.add(MiddlewareResolver.source(entries.get(i), this.beanFactory));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidWorkerPropertyException("worker.middlewares[" + i + "]", entries.get(i),
						ex.getMessage(), "Name a bean or a class that implements "
								+ "dev.workerstarter.middleware.WorkerMiddleware, or remove the entry.");
			}
		}
		return new MiddlewareResolver(sources);
	}

	List<PathPattern> excludedPaths(WorkerProperties.Http http) {
		List<PathPattern> patterns = new ArrayList<>();
		List<String> paths = http.excludePaths();
		for (int i = 0; i < paths.size(); i++) {
			try {
				patterns.add(PathPatternParser.defaultInstance.parse(paths.get(i).trim()));
			}
			catch (PatternParseException ex) {
				throw new InvalidWorkerPropertyException("worker.http.exclude-paths[" + i + "]", paths.get(i),
						ex.getMessage(), "Use a path pattern such as /actuator/** or /health/{part}.");
			}
		}
		return patterns;
	}

	Duration retryAfter(WorkerProperties.Http http) {
		requireNotNegative("worker.http.retry-after", http.retryAfter());
		return http.retryAfter();
	}

	private static void requirePositive(String property, Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidWorkerPropertyException(property, duration, "the duration must be positive",
					"Set " + property + " to a positive duration such as 30s.");
		}
	}

	private static void requireNotNegative(String property, Duration duration) {
		if (duration.isNegative()) {
			throw new InvalidWorkerPropertyException(property, duration, "the duration cannot be negative",
					"Set " + property + " to 0 or a positive duration such as 30s.");
		}
	}

}
