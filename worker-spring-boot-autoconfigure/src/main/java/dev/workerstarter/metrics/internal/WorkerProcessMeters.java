package dev.workerstarter.metrics.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.workerstarter.process.internal.ExitCause;
import dev.workerstarter.process.internal.ProcessMeters;

/**
 * The supervised processes' restarts, by process and by why the run before ended, each
 * registered at start-up.
 */
public final class WorkerProcessMeters implements ProcessMeters {

	private final MeterRegistry registry;

	/**
	 * Creates the meters.
	 * @param registry where to register them
	 */
	public WorkerProcessMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void register(String process) {
		for (ExitCause cause : ExitCause.values()) {
			counter(process, cause);
		}
	}

	@Override
	public void restarted(String process, ExitCause cause) {
		counter(process, cause).increment();
	}

	private Counter counter(String process, ExitCause cause) {
		return Counter.builder("worker.processes.restarts")
			.description("Starts of a supervised process after it threw or returned")
			.tag("process", process)
			.tag("cause", cause.value())
			.register(this.registry);
	}

}
