package dev.workerstarter.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.analyzer.AbstractInjectionFailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;

/**
 * Explains a start-up that failed because a bean needs {@code WorkerMetrics} and it was
 * not auto-configured, which happens without a Micrometer {@code MeterRegistry} or with
 * {@code worker.enabled=false}. Ahead of Spring Boot's generic analysis of a missing
 * bean.
 */
final class MissingWorkerMetricsFailureAnalyzer extends AbstractInjectionFailureAnalyzer<NoSuchBeanDefinitionException>
		implements Ordered {

	// By name: this class must load without Micrometer on the classpath.
	private static final String WORKER_METRICS = "dev.workerstarter.metrics.WorkerMetrics";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause,
			@Nullable String description) {
		// No type when the bean was missing by name.
		ResolvableType resolvableType = cause.getResolvableType();
		Class<?> type = (resolvableType != null) ? resolvableType.resolve() : null;
		if (type == null || !WORKER_METRICS.equals(type.getName())) {
			return null;
		}
		String consumer = (description != null) ? description : "A component";
		return new FailureAnalysis(
				consumer + " required a bean of type '" + WORKER_METRICS
						+ "' that could not be found. WorkerMetrics is auto-configured only when the application has a "
						+ "Micrometer MeterRegistry bean and worker.enabled is not false.",
				"Add a MeterRegistry, for example with spring-boot-starter-actuator (the worker starter brings it) "
						+ "and a registry such as micrometer-registry-prometheus, and keep worker.enabled true; or do "
						+ "not inject WorkerMetrics.",
				cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
