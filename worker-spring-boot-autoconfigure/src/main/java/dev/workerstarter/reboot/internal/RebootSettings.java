package dev.workerstarter.reboot.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.reboot.AlwaysRebootStrategy;
import dev.workerstarter.reboot.KernelRebootStrategy;
import dev.workerstarter.reboot.MaxJobsRebootStrategy;
import dev.workerstarter.reboot.OnExceptionRebootStrategy;

/**
 * The configured reboot strategies, resolved once at start-up: those that decide after
 * each job as a {@link RebootPolicy}, and the heap threshold the supervisor watches when
 * the {@code memory} strategy is on.
 *
 * @param policy the strategies that decide after each job
 * @param memory the heap threshold of the {@code memory} strategy, or {@code null}
 * without it
 */
public record RebootSettings(RebootPolicy policy, @Nullable MemoryThreshold memory) {

	private static final List<String> BUILT_IN_STRATEGIES = List.of("on_exception", "max_jobs", "always", "memory");

	private static final String MEMORY = "memory";

	/**
	 * Resolves the configured strategies. Every value is checked, also those of
	 * strategies that are not configured: a bad value must not wait until someone adds
	 * its strategy to fail.
	 * @param prefix the prefix of the keys, for example {@code worker.kernel-reboot}
	 * @param strategies built-in strategy names (in any case, with dashes or underscores)
	 * or names of {@link KernelRebootStrategy} beans
	 * @param allowedExceptions class names of the exceptions that do not reboot under
	 * {@code on_exception}
	 * @param maxJobs the most jobs a kernel handles under {@code max_jobs}
	 * @param maxJobsDispersion the fraction of {@code maxJobs} by which it varies, in [0,
	 * 1]
	 * @param memoryThreshold the heap threshold of {@code memory}: a fraction or a size
	 * @param beanFactory where strategy beans and exception classes are found
	 * @return the resolved strategies
	 * @throws InvalidWorkerPropertyException on a value that cannot be used
	 */
	public static RebootSettings resolve(String prefix, List<String> strategies, List<String> allowedExceptions,
			long maxJobs, double maxJobsDispersion, String memoryThreshold,
			ConfigurableListableBeanFactory beanFactory) {
		if (strategies.isEmpty()) {
			throw new InvalidWorkerPropertyException(prefix + ".strategy", "", "no strategy is configured",
					"Set " + prefix + ".strategy to one or more of " + BUILT_IN_STRATEGIES
							+ " or names of KernelRebootStrategy beans.");
		}
		MemoryThreshold threshold = MemoryThreshold.parse(prefix + ".memory-threshold", memoryThreshold);
		List<Class<?>> allowed = classes(prefix + ".allowed-exceptions", allowedExceptions, beanFactory);
		requireValidMaxJobs(prefix, maxJobs, maxJobsDispersion);
		List<KernelRebootStrategy> perJob = new ArrayList<>();
		boolean memory = false;
		for (int i = 0; i < strategies.size(); i++) {
			String name = strategies.get(i).trim();
			switch (builtIn(name)) {
				// not a per-job decision: the supervisor watches the heap
				case MEMORY -> memory = true;
				case "on_exception" -> perJob.add(new OnExceptionRebootStrategy(allowed));
				case "max_jobs" -> perJob.add(new MaxJobsRebootStrategy(maxJobs, maxJobsDispersion, new Random()));
				case "always" -> perJob.add(new AlwaysRebootStrategy());
				default -> perJob.add(bean(prefix + ".strategy[" + i + "]", name, beanFactory));
			}
		}
		return new RebootSettings(new RebootPolicy(perJob), memory ? threshold : null);
	}

	private static String builtIn(String name) {
		return name.toLowerCase(Locale.ROOT).replace('-', '_');
	}

	private static KernelRebootStrategy bean(String property, String name,
			ConfigurableListableBeanFactory beanFactory) {
		if (beanFactory.containsBean(name) && beanFactory.isTypeMatch(name, KernelRebootStrategy.class)) {
			return beanFactory.getBean(name, KernelRebootStrategy.class);
		}
		throw new InvalidWorkerPropertyException(property, name,
				"it is neither a built-in strategy nor the name of a KernelRebootStrategy bean",
				"Use one of " + BUILT_IN_STRATEGIES + " (dashes and upper case are accepted), or declare a bean of "
						+ "type " + KernelRebootStrategy.class.getName() + " with that name.");
	}

	private static List<Class<?>> classes(String property, List<String> names,
			ConfigurableListableBeanFactory beanFactory) {
		List<Class<?>> types = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i).trim();
			try {
				types.add(ClassUtils.forName(name, beanFactory.getBeanClassLoader()));
			}
			catch (ClassNotFoundException | LinkageError ex) {
				throw new InvalidWorkerPropertyException(property + "[" + i + "]", name,
						"no such class or interface on the classpath",
						"Use the fully qualified name of an exception class or of an interface exceptions "
								+ "implement, for example org.springframework.web.ErrorResponse.");
			}
		}
		return types;
	}

	private static void requireValidMaxJobs(String prefix, long maxJobs, double dispersion) {
		if (maxJobs < 1) {
			throw new InvalidWorkerPropertyException(prefix + ".max-jobs", maxJobs,
					"a kernel must handle at least one job", "Set " + prefix + ".max-jobs to 1 or more.");
		}
		if (!(dispersion >= 0 && dispersion <= 1)) {
			throw new InvalidWorkerPropertyException(prefix + ".max-jobs-dispersion", dispersion,
					"the dispersion is a fraction of max-jobs",
					"Set " + prefix + ".max-jobs-dispersion between 0 and 1, for example 0.2.");
		}
	}

}
