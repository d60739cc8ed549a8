package dev.workerstarter.middleware.internal;

import java.util.ArrayList;
import java.util.List;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.internal.BeanEntry;
import dev.workerstarter.kernel.internal.Kernel;
import dev.workerstarter.middleware.WorkerMiddleware;

/**
 * Turns the entries of {@code worker.middlewares} into each kernel's middleware chain. An
 * entry names a bean, or a class: the bean of that class if there is exactly one,
 * otherwise an instance created (and autowired) for each kernel and destroyed with it.
 */
public final class MiddlewareResolver {

	private final List<Source> sources;

	/**
	 * Creates a resolver.
	 * @param sources where each middleware comes from, outermost first
	 */
	public MiddlewareResolver(List<Source> sources) {
		this.sources = List.copyOf(sources);
	}

	/**
	 * Creates a resolver for configured middleware entries.
	 * @param property the full name of the property that lists them, for example
	 * {@code worker.middlewares}
	 * @param entries bean names or fully qualified class names, outermost first
	 * @param beanFactory the application's bean factory
	 * @return the resolver
	 * @throws InvalidWorkerPropertyException if an entry names neither a
	 * {@link WorkerMiddleware} bean nor a {@link WorkerMiddleware} class
	 */
	public static MiddlewareResolver of(String property, List<String> entries,
			ConfigurableListableBeanFactory beanFactory) {
		List<Source> sources = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			try {
				sources.add(source(entries.get(i), beanFactory));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidWorkerPropertyException(property + "[" + i + "]", entries.get(i),
						String.valueOf(ex.getMessage()), "Name a bean or a class that implements "
								+ WorkerMiddleware.class.getName() + ", or remove the entry.");
			}
		}
		return new MiddlewareResolver(sources);
	}

	private static Source source(String entry, ConfigurableListableBeanFactory beanFactory) {
		BeanEntry<WorkerMiddleware> resolved = BeanEntry.of(entry, WorkerMiddleware.class, beanFactory);
		Class<? extends WorkerMiddleware> type = resolved.type();
		return (type != null) ? new ClassSource(beanFactory, type) : new BeanSource(beanFactory, resolved.name());
	}

	/**
	 * Tells whether resolving creates middlewares for each kernel.
	 * @return {@code true} if an entry names a class with no bean
	 */
	public boolean createsBeans() {
		return this.sources.stream().anyMatch(ClassSource.class::isInstance);
	}

	/**
	 * Resolves the middlewares for a kernel that is booting on the calling thread.
	 * @param kernel the booting kernel
	 * @return the kernel's chain
	 */
	public MiddlewareChain resolve(Kernel kernel) {
		if (this.sources.isEmpty()) {
			return MiddlewareChain.EMPTY;
		}
		List<WorkerMiddleware> middlewares = new ArrayList<>(this.sources.size());
		for (Source source : this.sources) {
			middlewares.add(source.resolve(kernel));
		}
		return new MiddlewareChain(middlewares);
	}

	/**
	 * Where a middleware comes from.
	 */
	public sealed interface Source permits BeanSource, ClassSource {

		/**
		 * Returns the middleware for a booting kernel.
		 * @param kernel the kernel
		 * @return the middleware
		 */
		WorkerMiddleware resolve(Kernel kernel);

	}

	private record BeanSource(ConfigurableListableBeanFactory beanFactory, String name) implements Source {

		@Override
		public WorkerMiddleware resolve(Kernel kernel) {
			// A worker-scoped middleware: take the kernel's own instance rather than the
			// proxy.
			String target = ScopedProxyUtils.getTargetBeanName(this.name);
			String name = (this.beanFactory.containsBeanDefinition(target)) ? target : this.name;
			return this.beanFactory.getBean(name, WorkerMiddleware.class);
		}

	}

	private record ClassSource(ConfigurableListableBeanFactory beanFactory,
			Class<? extends WorkerMiddleware> type) implements Source {

		@Override
		public WorkerMiddleware resolve(Kernel kernel) {
			WorkerMiddleware middleware = this.beanFactory.createBean(this.type);
			kernel.registerDestructionCallback(() -> this.beanFactory.destroyBean(middleware));
			return middleware;
		}

	}

}
