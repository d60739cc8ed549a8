package dev.workerstarter.metrics.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.workerstarter.process.internal.ExitCause;
import dev.workerstarter.process.internal.ProcessMeters;

/**
 * The supervised processes' restarts, by process and by why the run before ended.
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
	public void restarted(String process, ExitCause cause) {
		Counter.builder("worker.processes.restarts")
			.description("Starts of a supervised process after it threw or returned")
			.tag("process", process)
			.tag("cause", cause.value())
			.register(this.registry)
			.increment();
	}

}
