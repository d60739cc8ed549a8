package dev.workerstarter.web.internal;

import org.springframework.core.Ordered;
import org.springframework.web.reactive.config.BlockingExecutionConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Hands blocking controller methods to the {@link WorkerBlockingExecutor}. Ordered last
 * so that it wins over an executor set by another configurer (Boot sets one for virtual
 * threads).
 */
public final class WorkerBlockingExecutionConfigurer implements WebFluxConfigurer, Ordered {

	private final WorkerBlockingExecutor executor;

	/**
	 * Creates the configurer.
	 * @param executor the executor to use
	 */
	public WorkerBlockingExecutionConfigurer(WorkerBlockingExecutor executor) {
		this.executor = executor;
	}

	@Override
	public void configureBlockingExecution(BlockingExecutionConfigurer configurer) {
		configurer.setExecutor(this.executor);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
