package dev.workerstarter.process;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Published on the process's worker, with its job still bound, once a run of a
 * {@link WorkerProcess} has ended: it returned, threw, or stopped on shutdown.
 */
public class ProcessStoppedEvent extends ApplicationEvent {

	private final String processName;

	private final int restarts;

	private final @Nullable Throwable exception;

	private final boolean stopping;

	/**
	 * Creates an event.
	 * @param source the supervisor
	 * @param processName the process's bean name
	 * @param restarts how many times it was started again before this run
	 * @param exception what the run threw, {@code null} if it returned
	 * @param stopping whether the run was asked to stop: on shutdown, or for a rolling
	 * reset
	 */
	public ProcessStoppedEvent(Object source, String processName, int restarts, @Nullable Throwable exception,
			boolean stopping) {
		super(source);
		this.processName = processName;
		this.restarts = restarts;
		this.exception = exception;
		this.stopping = stopping;
	}

	/**
	 * Returns the process's bean name.
	 * @return the name
	 */
	public String processName() {
		return this.processName;
	}

	/**
	 * Returns how many times the process was started again before this run.
	 * @return {@code 0} for its first run
	 */
	public int restarts() {
		return this.restarts;
	}

	/**
	 * Returns what the run threw.
	 * @return the exception, {@code null} if the run returned
	 */
	public @Nullable Throwable exception() {
		return this.exception;
	}

	/**
	 * Tells whether the run ended after it was asked to stop: on shutdown, when the
	 * process is not started again, or for a rolling reset, when it starts again at once
	 * on a new kernel. What such a run throws counts for nothing.
	 * @return {@code true} if the run was asked to stop
	 */
	public boolean isStopping() {
		return this.stopping;
	}

	@Override
	public String toString() {
		return "ProcessStoppedEvent[process=" + this.processName + ", restarts=" + this.restarts + ", exception="
				+ this.exception + ", stopping=" + this.stopping + "]";
	}

}
