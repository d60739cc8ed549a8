package dev.workerstarter.kernel.internal;

import org.jspecify.annotations.Nullable;

/**
 * Holds the job bound to the current thread, and its worker id and job number in the
 * logging MDC. Internal: bind and restore in a {@code try/finally}, always restoring the
 * previous value.
 */
public final class WorkerContextHolder {

	private static final ThreadLocal<KernelJob> CURRENT = new ThreadLocal<>();

	private WorkerContextHolder() {
	}

	/**
	 * Returns the job bound to this thread.
	 * @return the job, or {@code null}
	 */
	public static @Nullable KernelJob get() {
		return CURRENT.get();
	}

	/**
	 * Binds a job to this thread.
	 * @param job the job to bind, or {@code null} to clear
	 * @return the job bound before, to pass to {@link #restore(KernelJob)}
	 */
	public static @Nullable KernelJob bind(@Nullable KernelJob job) {
		KernelJob previous = CURRENT.get();
		if (previous != job) {
			set(job);
		}
		return previous;
	}

	/**
	 * Restores the job bound before a {@link #bind(KernelJob)}.
	 * @param previous the value {@code bind} returned
	 */
	public static void restore(@Nullable KernelJob previous) {
		if (CURRENT.get() != previous) {
			set(previous);
		}
	}

	/**
	 * Returns a task that runs the given one with the job bound now on this thread, or
	 * the task itself when no job is bound.
	 * @param task the task
	 * @return the task to schedule
	 */
	public static Runnable wrap(Runnable task) {
		KernelJob job = CURRENT.get();
		return (job != null) ? job.wrap(task) : task;
	}

	// Cleared with set(null), not remove(): threads bind jobs over and over (event
	// loops), and keeping the thread-local's entry spares a new one per bind.
	private static void set(@Nullable KernelJob job) {
		CURRENT.set(job);
		if (job != null) {
			JobMdc.put(job);
		}
		else {
			JobMdc.clear();
		}
	}

}
