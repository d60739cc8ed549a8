package dev.workerstarter.metrics.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.workerstarter.job.internal.JobMeters;

/**
 * The meters of durable jobs, each tagged with its pipeline: jobs pushed, attempts
 * handled by outcome (a timer), acknowledgements, retries and dead letters. The meters of
 * a pipeline are looked up once.
 */
public final class PipelineMeters implements JobMeters {

	private final MeterRegistry registry;

	private final Map<String, Meters> meters = new ConcurrentHashMap<>();

	/**
	 * Creates the meters.
	 * @param registry where to register them
	 */
	public PipelineMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void pushed(String pipeline) {
		meters(pipeline).pushed().increment();
	}

	@Override
	public void handled(String pipeline, boolean success, long nanos) {
		Meters meters = meters(pipeline);
		((success) ? meters.succeeded() : meters.failed()).record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void acked(String pipeline) {
		meters(pipeline).acks().increment();
	}

	@Override
	public void retried(String pipeline) {
		meters(pipeline).retries().increment();
	}

	@Override
	public void dead(String pipeline) {
		meters(pipeline).dead().increment();
	}

	private Meters meters(String pipeline) {
		return this.meters.computeIfAbsent(pipeline, this::register);
	}

	private Meters register(String pipeline) {
		return new Meters(counter("worker.jobs.pushed", "Jobs pushed", pipeline), timer(pipeline, "success"),
				timer(pipeline, "failure"),
				counter("worker.jobs.acks", "Jobs acknowledged after their handler succeeded", pipeline),
				counter("worker.jobs.retries", "Failed jobs put back for another attempt", pipeline),
				counter("worker.jobs.dead", "Jobs moved to the dead letters after their last attempt", pipeline));
	}

	private Counter counter(String name, String description, String pipeline) {
		return Counter.builder(name).description(description).tag("pipeline", pipeline).register(this.registry);
	}

	private Timer timer(String pipeline, String outcome) {
		return Timer.builder("worker.jobs.handled")
			.description("Attempts at jobs, from the moment a job was taken to the end of its handler")
			.tag("pipeline", pipeline)
			.tag("outcome", outcome)
			.register(this.registry);
	}

	private record Meters(Counter pushed, Timer succeeded, Timer failed, Counter acks, Counter retries, Counter dead) {
	}

}
