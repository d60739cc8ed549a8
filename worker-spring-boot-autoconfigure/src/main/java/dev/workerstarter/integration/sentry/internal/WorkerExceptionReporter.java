package dev.workerstarter.integration.sentry.internal;

import io.sentry.IScopes;
import io.sentry.Sentry;

import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import dev.workerstarter.event.WorkerExceptionEvent;
import dev.workerstarter.event.WorkerStoppedEvent;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.kernel.internal.WorkerContextHolder;

/**
 * Sends Sentry the exceptions of {@link WorkerExceptionEvent}s it does not have yet
 * (those an {@code @ExceptionHandler} turned into a response, failed resets, jobs past
 * the exec TTL, kernels that failed to boot), tagged with the worker and job, and flushes
 * Sentry's queue when a worker stops.
 */
public final class WorkerExceptionReporter {

	private final CapturedExceptions captured;

	private final long flushTimeoutMillis;

	/**
	 * Creates a reporter.
	 * @param captured the exceptions Sentry already has
	 * @param flushTimeoutMillis longest a flush waits for the queue to empty
	 */
	public WorkerExceptionReporter(CapturedExceptions captured, long flushTimeoutMillis) {
		this.captured = captured;
		this.flushTimeoutMillis = flushTimeoutMillis;
	}

	/**
	 * Captures the event's exception unless Sentry already has it.
	 * @param event the event
	 */
	@EventListener
	public void report(WorkerExceptionEvent event) {
		if (this.captured.contains(event.exception())) {
			return;
		}
		// The failed job's own scopes when it is bound (resets and events run so); fresh
		// ones
		// otherwise, never what this thread's previous jobs left.
		KernelJob job = WorkerContextHolder.get();
		boolean ownJob = job != null && job.poolName().equals(event.poolName()) && job.workerId() == event.workerId()
				&& job.jobNumber() == event.jobNumber();
		IScopes scopes = ownJob ? Sentry.getCurrentScopes() : Sentry.forkedRootScopes("worker.exception");
		scopes.captureException(event.exception(),
				(scope) -> WorkerTags.tag(scope, event.poolName(), event.workerId(), event.jobNumber()));
	}

	/**
	 * Flushes the events still queued, so that the worker's last events are sent before
	 * the application's own listeners go on with the shutdown.
	 * @param event the event
	 */
	@EventListener
	@Order(Ordered.HIGHEST_PRECEDENCE)
	public void flush(WorkerStoppedEvent event) {
		Sentry.flush(this.flushTimeoutMillis);
	}

}
