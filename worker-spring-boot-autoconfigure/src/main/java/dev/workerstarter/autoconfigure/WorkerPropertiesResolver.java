package dev.workerstarter.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.metrics.WorkerMetrics;
import dev.workerstarter.middleware.internal.MiddlewareResolver;
import dev.workerstarter.pool.internal.SupervisorLimits;
import dev.workerstarter.pool.internal.WorkerPool;
import dev.workerstarter.reboot.AlwaysRebootStrategy;
import dev.workerstarter.reboot.KernelRebootStrategy;
import dev.workerstarter.reboot.MaxJobsRebootStrategy;
import dev.workerstarter.reboot.OnExceptionRebootStrategy;
import dev.workerstarter.reboot.internal.MemoryThreshold;
import dev.workerstarter.reboot.internal.RebootPolicy;

/**
 * Turns {@link WorkerProperties} into the objects the pool runs with, rejecting every
 * value it cannot use with an {@link InvalidWorkerPropertyException} that names the
 * property and the fix.
 */
final class WorkerPropertiesResolver {

	static final List<String> BUILT_IN_STRATEGIES = List.of("on_exception", "max_jobs", "always", "memory");

	private static final String MEMORY = "memory";

	private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

	private static final String METRIC_TYPES = "counter, gauge, histogram or summary";

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
					"the queue size cannot be negative", "Set worker.pool.max-queue-size to 0 (no waiting) or more.");
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
		// Every value is checked, also those of strategies that are not configured: a bad
		// value
		// must not wait until someone adds its strategy to fail.
		List<Class<?>> allowedExceptions = allowedExceptions(reboot.allowedExceptions());
		requireValidMaxJobs(reboot);
		List<KernelRebootStrategy> strategies = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i).trim();
			if (!MEMORY.equals(builtIn(name))) { // not a per-job decision: the supervisor
													// watches the heap
				strategies.add(strategy("worker.kernel-reboot.strategy[" + i + "]", name, reboot, allowedExceptions));
			}
		}
		return new RebootPolicy(strategies);
	}

	SupervisorLimits supervisorLimits(WorkerProperties.Supervisor supervisor, WorkerProperties.KernelReboot reboot) {
		requireNotNegative("worker.supervisor.exec-ttl", supervisor.execTtl());
		requireNotNegative("worker.supervisor.ttl", supervisor.ttl());
		requireNotNegative("worker.supervisor.idle-ttl", supervisor.idleTtl());
		requirePositive("worker.supervisor.watch-tick", supervisor.watchTick());
		MemoryThreshold threshold = memoryThreshold(reboot.memoryThreshold());
		boolean memory = reboot.strategy().stream().anyMatch((name) -> MEMORY.equals(builtIn(name.trim())));
		return new SupervisorLimits(supervisor.execTtl(), supervisor.ttl(), supervisor.idleTtl(),
				supervisor.watchTick(), memory ? threshold : null);
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
			throw new InvalidWorkerPropertyException(property, value, String.valueOf(ex.getMessage()), fix);
		}
	}

	private static String builtIn(String name) {
		return name.toLowerCase(Locale.ROOT).replace('-', '_');
	}

	private KernelRebootStrategy strategy(String property, String name, WorkerProperties.KernelReboot reboot,
			List<Class<?>> allowedExceptions) {
		switch (builtIn(name)) {
			case "on_exception":
				return new OnExceptionRebootStrategy(allowedExceptions);
			case "max_jobs":
				return new MaxJobsRebootStrategy(reboot.maxJobs(), reboot.maxJobsDispersion(), new Random());
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

	private static void requireValidMaxJobs(WorkerProperties.KernelReboot reboot) {
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
	}

	MiddlewareResolver middlewares(List<String> entries) {
		List<MiddlewareResolver.Source> sources = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			try {
				sources.add(MiddlewareResolver.source(entries.get(i), this.beanFactory));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidWorkerPropertyException("worker.middlewares[" + i + "]", entries.get(i),
						String.valueOf(ex.getMessage()), "Name a bean or a class that implements "
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

	Duration jpaValidateAfterIdle(WorkerProperties.Jpa jpa) {
		requireNotNegative("worker.integrations.jpa.validate-after-idle", jpa.validateAfterIdle());
		return jpa.validateAfterIdle();
	}

	List<WorkerMetrics.Definition> metrics(WorkerProperties.Metrics metrics) {
		List<WorkerMetrics.Definition> definitions = new ArrayList<>();
		for (Map.Entry<String, WorkerProperties.Metric> entry : metrics.collect().entrySet()) {
			definitions.add(metric(entry.getKey(), entry.getValue()));
		}
		return definitions;
	}

	private static WorkerMetrics.Definition metric(String name, WorkerProperties.Metric metric) {
		String property = "worker.metrics.collect." + name;
		if (!METRIC_NAME.matcher(name).matches()) {
			throw new InvalidWorkerPropertyException(property, name, "it is not a valid Prometheus metric name",
					"Name the metric with letters, digits, underscores and colons, not starting with a digit, "
							+ "for example user_login. In YAML, write a name with a colon in brackets and quotes: "
							+ "\"[http:requests]\".");
		}
		WorkerMetrics.Type type = metricType(property + ".type", metric.type());
		List<String> labels = labels(property + ".labels", type, metric.labels());
		List<Double> buckets = buckets(property + ".buckets", type, metric.buckets());
		List<Double> objectives = objectives(property + ".objectives", type, metric.objectives());
		return new WorkerMetrics.Definition(name, type, metric.help(), labels, buckets, objectives);
	}

	private static WorkerMetrics.Type metricType(String property, @Nullable String type) {
		if (type == null || type.isBlank()) {
			throw new InvalidWorkerPropertyException(property, "", "every declared metric needs a type",
					"Set " + property + " to " + METRIC_TYPES + ".");
		}
		for (WorkerMetrics.Type candidate : WorkerMetrics.Type.values()) {
			if (candidate.name().equalsIgnoreCase(type.trim())) {
				return candidate;
			}
		}
		throw new InvalidWorkerPropertyException(property, type, "it is not a metric type",
				"Set " + property + " to " + METRIC_TYPES + " (upper case is accepted).");
	}

	private static List<String> labels(String property, WorkerMetrics.Type type, List<String> labels) {
		String reserved = switch (type) {
			case HISTOGRAM -> "le";
			case SUMMARY -> "quantile";
			default -> null;
		};
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < labels.size(); i++) {
			String label = labels.get(i);
			String entry = property + "[" + i + "]";
			if (label == null || !LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
				throw new InvalidWorkerPropertyException(entry, label, "it is not a valid Prometheus label name",
						"Name the label with letters, digits and underscores, not starting with a digit or with "
								+ "two underscores (reserved by Prometheus), for example source.");
			}
			if (label.equals(reserved)) {
				throw new InvalidWorkerPropertyException(entry, label,
						"a " + type + " uses the label '" + reserved + "' itself", "Rename the label.");
			}
			if (!seen.add(label)) {
				throw new InvalidWorkerPropertyException(entry, label, "the label is listed twice",
						"Remove the duplicate from " + property + ".");
			}
		}
		return labels;
	}

	private static List<Double> buckets(String property, WorkerMetrics.Type type, @Nullable List<Double> buckets) {
		if (buckets == null || buckets.isEmpty()) {
			return List.of();
		}
		if (type != WorkerMetrics.Type.HISTOGRAM) {
			throw new InvalidWorkerPropertyException(property, buckets, "only a histogram has buckets",
					"Remove " + property + ", or set the metric's type to histogram.");
		}
		for (int i = 0; i < buckets.size(); i++) {
			Double bucket = buckets.get(i);
			String entry = property + "[" + i + "]";
			if (bucket == null || !(bucket > 0) || bucket.isInfinite()) {
				throw new InvalidWorkerPropertyException(entry, bucket,
						"a bucket's upper bound must be a positive number",
						"Use positive upper bounds in increasing order, for example [100, 1000, 10000]; the +Inf "
								+ "bucket is always added.");
			}
			if (i > 0 && !(bucket > buckets.get(i - 1))) {
				throw new InvalidWorkerPropertyException(entry, bucket,
						"the upper bounds must be strictly increasing, and this one is not above " + buckets.get(i - 1),
						"List the upper bounds of " + property + " in increasing order, each once.");
			}
		}
		return buckets;
	}

	private static List<Double> objectives(String property, WorkerMetrics.Type type,
			@Nullable List<Double> objectives) {
		if (objectives == null || objectives.isEmpty()) {
			return List.of();
		}
		if (type != WorkerMetrics.Type.SUMMARY) {
			throw new InvalidWorkerPropertyException(property, objectives, "only a summary has objectives",
					"Remove " + property + ", or set the metric's type to summary.");
		}
		Set<Double> seen = new HashSet<>();
		for (int i = 0; i < objectives.size(); i++) {
			Double objective = objectives.get(i);
			String entry = property + "[" + i + "]";
			if (objective == null || !(objective > 0 && objective < 1)) {
				throw new InvalidWorkerPropertyException(entry, objective, "an objective is a quantile between 0 and 1",
						"Use quantiles between 0 and 1 exclusive, for example [0.5, 0.9, 0.99].");
			}
			if (!seen.add(objective)) {
				throw new InvalidWorkerPropertyException(entry, objective, "the quantile is listed twice",
						"Remove the duplicate from " + property + ".");
			}
		}
		return objectives;
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
