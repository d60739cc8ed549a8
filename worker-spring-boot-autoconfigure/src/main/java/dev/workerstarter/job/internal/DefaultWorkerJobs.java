package dev.workerstarter.job.internal;

import java.time.Clock;
import java.util.UUID;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.workerstarter.job.JobOptions;
import dev.workerstarter.job.WorkerJobs;

/**
 * Pushes jobs to the pipelines' drivers: the payload written as JSON, a new id, the first
 * attempt, due after the options' delay.
 */
public final class DefaultWorkerJobs implements WorkerJobs {

	private final JobPipelines pipelines;

	private final JsonMapper mapper;

	private final JobMeters meters;

	private final Clock clock;

	/**
	 * Creates the bean.
	 * @param pipelines the pipelines jobs are pushed to
	 * @param mapper writes the payloads
	 * @param meters counts the pushes
	 * @param clock tells the time of the pushes
	 */
	public DefaultWorkerJobs(JobPipelines pipelines, JsonMapper mapper, JobMeters meters, Clock clock) {
		this.pipelines = pipelines;
		this.mapper = mapper;
		this.meters = meters;
		this.clock = clock;
	}

	@Override
	public Mono<String> push(String pipeline, Object payload, JobOptions options) {
		return Mono.defer(() -> {
			JobDriver driver = this.pipelines.get(pipeline).driver();
			if (options.priority() != 0 && !driver.ordersByPriority()) {
				throw new IllegalArgumentException("Pipeline '" + pipeline + "' does not order its jobs by priority: "
						+ "push its jobs with priority 0, or use a memory pipeline for priorities");
			}
			long now = this.clock.millis();
			String id = UUID.randomUUID().toString();
			JobDriver.QueuedJob job = new JobDriver.QueuedJob(id, this.mapper.writeValueAsString(payload), 1, now,
					now + options.delay().toMillis(), options.priority());
			return driver.push(job).then(Mono.fromCallable(() -> {
				this.meters.pushed(pipeline);
				return id;
			}));
		});
	}

}
