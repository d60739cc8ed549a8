package dev.workerstarter.web.internal;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.core.KotlinDetector;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.web.method.HandlerMethod;

/**
 * WebFlux's rule for the controller methods that block (those whose return type no
 * reactive adapter knows, Kotlin's suspending functions aside), decided once per method
 * of each controller class. WebFlux's own predicate decides it again on every request,
 * for a new method parameter and a walk through the adapters each time.
 */
final class BlockingHandlerMethods implements Predicate<HandlerMethod> {

	// A generic method's return type depends on the controller class that inherits it.
	private final ClassValue<Map<Method, Boolean>> decisions = new ClassValue<>() {
		@Override
		protected Map<Method, Boolean> computeValue(Class<?> beanType) {
			return new ConcurrentHashMap<>();
		}
	};

	private final Supplier<ReactiveAdapterRegistry> registry;

	private volatile @Nullable ReactiveAdapterRegistry resolved;

	/**
	 * Creates the predicate.
	 * @param registry the adapters WebFlux uses, looked up on the first decision (the
	 * registry is WebFlux's configuration's bean, which is made after its configurers)
	 */
	BlockingHandlerMethods(Supplier<ReactiveAdapterRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public boolean test(HandlerMethod handlerMethod) {
		Map<Method, Boolean> decisions = this.decisions.get(handlerMethod.getBeanType());
		Boolean blocking = decisions.get(handlerMethod.getMethod());
		if (blocking == null) {
			blocking = decide(handlerMethod);
			decisions.put(handlerMethod.getMethod(), blocking);
		}
		return blocking;
	}

	private boolean decide(HandlerMethod handlerMethod) {
		ReactiveAdapterRegistry registry = this.resolved;
		if (registry == null) {
			registry = this.registry.get();
			this.resolved = registry;
		}
		Class<?> returnType = handlerMethod.getReturnType().getParameterType();
		return registry.getAdapter(returnType) == null
				&& !KotlinDetector.isSuspendingFunction(handlerMethod.getMethod());
	}

}
