package dev.workerstarter.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.CustomScopeConfigurer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerAdapter;

import dev.workerstarter.jfr.internal.FlightRecorderPoolListener;
import dev.workerstarter.kernel.JobBinding;
import dev.workerstarter.kernel.WorkerResetAdapter;
import dev.workerstarter.kernel.internal.KernelThreads;
import dev.workerstarter.kernel.internal.UseAfterJob;
import dev.workerstarter.kernel.internal.WorkerScope;
import dev.workerstarter.kernel.internal.WorkerScopedProxyPostProcessor;
import dev.workerstarter.observation.internal.WorkerObservations;
import dev.workerstarter.pool.PoolListener;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerPools;
import dev.workerstarter.pool.internal.DrainOnClose;
import dev.workerstarter.pool.internal.WorkerPoolGroup;
import dev.workerstarter.web.internal.BlockingHandlerMethodsConfigurer;
import dev.workerstarter.web.internal.HandledExceptionRecorder;
import dev.workerstarter.web.internal.JobWebFilter;
import dev.workerstarter.web.internal.WorkerBlockingExecutionConfigurer;
import dev.workerstarter.web.internal.WorkerBlockingExecutor;
import dev.workerstarter.web.internal.WorkerDispatchFilter;

/**
 * Auto-configuration of the worker pools for reactive web applications: the
 * {@code worker} scope and its proxies, the default pool and the named pools
 * ({@link WorkerPools}), the filter that runs each request on a worker of the pool its
 * path is routed to, and the executor that runs blocking controller methods on the
 * worker's thread. Off with {@code worker.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnBooleanProperty(name = "worker.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WorkerProperties.class)
public final class WorkerAutoConfiguration {

	private static final String TRACER = "io.micrometer.tracing.Tracer";

	@Bean
	static CustomScopeConfigurer workerScopeConfigurer() {
		CustomScopeConfigurer configurer = new CustomScopeConfigurer();
		configurer.addScope(WorkerScope.NAME, new WorkerScope());
		return configurer;
	}

	@Bean
	static WorkerScopedProxyPostProcessor workerScopedProxyPostProcessor() {
		return new WorkerScopedProxyPostProcessor();
	}

	@Bean
	static HandledExceptionRecorder workerHandledExceptionRecorder() {
		return new HandledExceptionRecorder();
	}

	@Bean
	WorkerPoolGroup workerPools(WorkerProperties properties, ConfigurableListableBeanFactory beanFactory,
			ApplicationEventPublisher publisher, ObjectProvider<PoolListener> listeners,
			ObjectProvider<PoolListener.Factory> listenerFactories, ObjectProvider<WorkerResetAdapter> resetAdapters,
			WorkerObservations observations, ObjectProvider<JobBinding.Factory> bindings, Environment environment) {
		WorkerPoolFactory factory = new WorkerPoolFactory(beanFactory, workerScopedBeanNames(beanFactory),
				WorkerResetAdapter.of(resetAdapters.orderedStream().toList()), useAfterJob(properties.scope()),
				kernelThreads(properties.threads(), environment), publisher, listeners.orderedStream().toList(),
				listenerFactories.orderedStream().toList(), observations,
				JobBinding.Factory.of(bindings.orderedStream().toList()));
		return new WorkerPoolGroup(factory.defaultPool(properties),
				factory.namedPools(ProcessPool.namedPools(properties, ProcessPool.processNames(beanFactory))));
	}

	// The default pool, for those who need no other.
	@Bean
	WorkerPool workerPool(WorkerPools pools) {
		return pools.defaultPool();
	}

	@Bean
	@ConditionalOnClass(name = "jdk.jfr.Event")
	PoolListener.Factory workerFlightRecorderListeners() {
		return FlightRecorderPoolListener::new;
	}

	// Only while tracing is on: with metrics alone, observations would duplicate the
	// pool's own meters at a cost on every request.
	@Bean
	@ConditionalOnMissingBean
	WorkerObservations workerObservations(ObjectProvider<ObservationRegistry> registry,
			ConfigurableListableBeanFactory beanFactory) {
		boolean tracing = ClassUtils.isPresent(TRACER, beanFactory.getBeanClassLoader()) && Tracing.isOn(beanFactory);
		return tracing ? new WorkerObservations(registry.getIfAvailable(() -> ObservationRegistry.NOOP))
				: WorkerObservations.NONE;
	}

	@Bean
	DrainOnClose workerPoolDrainOnClose(WorkerPoolGroup pools, ApplicationContext context) {
		return new DrainOnClose(pools, context);
	}

	@Bean
	WorkerDispatchFilter workerDispatchFilter(WorkerPools pools, WorkerProperties properties,
			ObjectProvider<JobWebFilter> jobFilters, ApplicationContext context) {
		WorkerProperties.Http http = properties.http();
		List<WorkerDispatchFilter.Route> routes = new ArrayList<>();
		properties.pools()
			.forEach((name, pool) -> routes.add(
					new WorkerDispatchFilter.Route(pools.pool(name), "worker.pools." + name + ".paths", pool.paths())));
		return WorkerDispatchFilter.of(pools.defaultPool(), routes, "worker.http",
				ExcludedPaths.of(http, properties.websocket().path(), context), http.retryAfter(),
				jobFilters.orderedStream().toList());
	}

	@Bean
	WorkerBlockingExecutionConfigurer workerBlockingExecutionConfigurer() {
		return new WorkerBlockingExecutionConfigurer(new WorkerBlockingExecutor());
	}

	// The adapters of the handler adapter, as WebFlux's own predicate uses, once it
	// exists: it is made after the configurers.
	@Bean
	BlockingHandlerMethodsConfigurer workerBlockingHandlerMethodsConfigurer(
			ObjectProvider<RequestMappingHandlerAdapter> handlerAdapter) {
		return new BlockingHandlerMethodsConfigurer(() -> {
			RequestMappingHandlerAdapter adapter = handlerAdapter.getIfUnique();
			return (adapter != null) ? adapter.getReactiveAdapterRegistry()
					: ReactiveAdapterRegistry.getSharedInstance();
		});
	}

	private static UseAfterJob useAfterJob(WorkerProperties.Scope scope) {
		return (scope.useAfterJob() == WorkerProperties.Scope.UseAfterJob.FAIL) ? UseAfterJob.fail()
				: UseAfterJob.warn();
	}

	private static KernelThreads kernelThreads(WorkerProperties.@Nullable Threads threads, Environment environment) {
		KernelThreads.Kind kind = (threads != null) ? KernelThreads.Kind.valueOf(threads.name()) : null;
		return KernelThreads.of("worker.threads", kind,
				environment.getProperty("spring.threads.virtual.enabled", Boolean.class, false));
	}

	private static List<String> workerScopedBeanNames(ConfigurableListableBeanFactory beanFactory) {
		List<String> names = new ArrayList<>();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			if (WorkerScope.NAME.equals(beanFactory.getBeanDefinition(name).getScope())) {
				names.add(name);
			}
		}
		return names;
	}

	// Loaded only when Micrometer Tracing is present. Boot defines a no-op tracer when no
	// tracing bridge is set up.
	private static final class Tracing {

		static boolean isOn(ConfigurableListableBeanFactory beanFactory) {
			Tracer tracer = beanFactory.getBeanProvider(Tracer.class).getIfUnique();
			return tracer != null && tracer != Tracer.NOOP;
		}

	}

}
