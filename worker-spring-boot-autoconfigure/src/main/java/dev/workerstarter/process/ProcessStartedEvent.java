package dev.workerstarter.process;

import org.springframework.context.ApplicationEvent;

/**
 * Published on the process's worker, with its job bound, right before a
 * {@link WorkerProcess} runs: at start-up and at every restart.
 */
public class ProcessStartedEvent extends ApplicationEvent {

	private final String processName;

	private final int restarts;

	/**
	 * Creates an event.
	 * @param source the supervisor
	 * @param processName the process's bean name
	 * @param restarts how many times it was started again before this run
	 */
	public ProcessStartedEvent(Object source, String processName, int restarts) {
		super(source);
		this.processName = processName;
		this.restarts = restarts;
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

	@Override
	public String toString() {
		return "ProcessStartedEvent[process=" + this.processName + ", restarts=" + this.restarts + "]";
	}

}
