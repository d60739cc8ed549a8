package dev.workerstarter.kernel;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Resets worker-scoped beans of a type the application cannot make
 * {@link WorkerResettable}, such as a JPA {@code EntityManager}: an integration's way to
 * look after them like any resettable bean. A kernel asks the adapters once for every
 * worker-scoped instance it creates that is not itself {@code WorkerResettable}; the
 * reset an adapter returns then runs after every job the instance took part in, and, if
 * it is a {@link WorkerReusable}, its {@link WorkerReusable#beforeReuse()} before every
 * later job's first use of it.
 * <p>
 * Beans of this type in the application context are picked up by the worker pool.
 */
@FunctionalInterface
public interface WorkerResetAdapter {

	/** Adapts nothing. */
	WorkerResetAdapter NONE = (bean) -> null;

	/**
	 * Returns the reset of a worker-scoped bean instance just created.
	 * @param bean the instance
	 * @return its reset, or {@code null} if this adapter does not look after such beans
	 */
	@Nullable WorkerResettable adapt(Object bean);

	/**
	 * Returns one adapter asking the given ones in order, the first reset returned
	 * winning.
	 * @param adapters the adapters
	 * @return the single adapter, {@link #NONE} if there is none
	 */
	static WorkerResetAdapter of(List<WorkerResetAdapter> adapters) {
		if (adapters.size() <= 1) {
			return adapters.isEmpty() ? NONE : adapters.get(0);
		}
		WorkerResetAdapter[] all = adapters.toArray(WorkerResetAdapter[]::new);
		return (bean) -> {
			for (WorkerResetAdapter adapter : all) {
				WorkerResettable reset = adapter.adapt(bean);
				if (reset != null) {
					return reset;
				}
			}
			return null;
		};
	}

}
