package dev.workerstarter.kernel.internal;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

import dev.workerstarter.kernel.WorkerContext;

/**
 * Lets Micrometer's context propagation, and with it Reactor's automatic context
 * propagation ({@code spring.reactor.context-propagation=auto}), restore the current job
 * on any thread from the Reactor {@code Context}. Registered through
 * {@code ServiceLoader}.
 */
public final class WorkerContextAccessor implements ThreadLocalAccessor<KernelJob> {

	@Override
	public Object key() {
		return WorkerContext.CONTEXT_KEY;
	}

	@Override
	public @Nullable KernelJob getValue() {
		return WorkerContextHolder.get();
	}

	@Override
	public void setValue(KernelJob job) {
		WorkerContextHolder.bind(job);
	}

	@Override
	public void setValue() {
		WorkerContextHolder.bind(null);
	}

}
