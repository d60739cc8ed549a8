package dev.workerstarter.metrics.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.workerstarter.process.internal.ProcessInfo;
import dev.workerstarter.process.internal.ProcessSupervisor;

/**
 * The supervised processes' gauges, read when the registry is scraped: 1 for each process
 * running on its worker, 0 while it starts, backs off or is stopped.
 */
public final class ProcessGauges implements MeterBinder {

	private final ProcessSupervisor supervisor;

	/**
	 * Creates the gauges.
	 * @param supervisor the supervisor whose processes they read
	 */
	public ProcessGauges(ProcessSupervisor supervisor) {
		this.supervisor = supervisor;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ProcessInfo process : this.supervisor.processes()) {
			String name = process.name();
			Gauge.builder("worker.processes.running", this.supervisor, (s) -> s.isRunning(name) ? 1 : 0)
				.description("Whether a supervised process is running on its worker (1) or not (0)")
				.tag("process", name)
				.register(registry);
		}
	}

}
