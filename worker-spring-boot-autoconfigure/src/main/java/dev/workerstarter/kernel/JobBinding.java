package dev.workerstarter.kernel;

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/**
 * A library's state that each job keeps to itself, bound to the threads the job's code
 * runs on: while its middlewares and filter chain are subscribed, while its tasks run on
 * the kernel's thread, and while its resets, exception event and reboot strategies run
 * after it; and written to the Reactor context of its chain for context propagation. For
 * integrations whose per-request state would otherwise stay on a long-lived worker thread
 * from one job to the next, such as Sentry's scopes.
 */
public interface JobBinding {

	/**
	 * Binds the state to the calling thread.
	 * @return what {@link #restore(Object)} needs to undo it
	 */
	@Nullable Object bind();

	/**
	 * Restores what the calling thread had before {@link #bind()}.
	 * @param token the value {@code bind} returned on this thread
	 */
	void restore(@Nullable Object token);

	/**
	 * Adds the state to the Reactor context of the job's chain.
	 * @param context the chain's context
	 * @return the context with the state
	 */
	default Context write(Context context) {
		return context;
	}

	/**
	 * Makes each job's binding. Beans of this type are given to the worker pool.
	 */
	@FunctionalInterface
	interface Factory {

		/** Makes none. */
		Factory NONE = (job) -> null;

		/**
		 * Makes the binding of a job that starts, on the thread that starts it (often an
		 * event loop: never block).
		 * @param job the job
		 * @return the binding, or {@code null} for none
		 */
		@Nullable JobBinding create(Job job);

		/**
		 * Combines factories.
		 * @param factories the factories, in the order their bindings are bound
		 * @return a factory making every one's binding
		 */
		static Factory of(List<Factory> factories) {
			return switch (factories.size()) {
				case 0 -> NONE;
				case 1 -> factories.get(0);
				default -> (job) -> CompositeJobBinding.of(factories, job);
			};
		}

	}

}
