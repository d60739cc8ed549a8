package dev.workerstarter.web.internal;

import java.util.function.Supplier;

import org.springframework.core.Ordered;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.web.reactive.config.BlockingExecutionConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Tells WebFlux which controller methods block with {@link BlockingHandlerMethods}:
 * WebFlux's own rule, decided once per method instead of on every request. Ordered first,
 * so that an application's configurer setting a predicate of its own replaces it.
 */
public final class BlockingHandlerMethodsConfigurer implements WebFluxConfigurer, Ordered {

	private final BlockingHandlerMethods blockingMethods;

	/**
	 * Creates the configurer.
	 * @param registry the reactive adapters WebFlux uses, looked up when the first
	 * controller method is handled
	 */
	public BlockingHandlerMethodsConfigurer(Supplier<ReactiveAdapterRegistry> registry) {
		this.blockingMethods = new BlockingHandlerMethods(registry);
	}

	@Override
	public void configureBlockingExecution(BlockingExecutionConfigurer configurer) {
		configurer.setControllerMethodPredicate(this.blockingMethods);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
