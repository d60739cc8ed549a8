package dev.workerstarter.metrics.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.workerstarter.job.internal.JobPipeline;
import dev.workerstarter.job.internal.JobPipelines;

/**
 * The gauges of durable jobs, each tagged with its pipeline: the jobs this instance runs,
 * and the depth (jobs waiting and delayed, over every instance). A scrape never waits for
 * the driver: the depth is the last count, asked for again once it is a second old.
 */
public final class PipelineGauges implements MeterBinder {

	private static final Duration REFRESH = Duration.ofSeconds(1);

	private final JobPipelines pipelines;

	// Gauges hold their objects weakly.
	private final List<Depth> depths = new CopyOnWriteArrayList<>();

	/**
	 * Creates the gauges.
	 * @param pipelines the pipelines they read
	 */
	public PipelineGauges(JobPipelines pipelines) {
		this.pipelines = pipelines;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (JobPipeline pipeline : this.pipelines.all()) {
			Depth depth = new Depth(pipeline);
			this.depths.add(depth);
			Gauge.builder("worker.jobs.depth", depth, Depth::read)
				.description(
						"Jobs of the pipeline waiting or delayed, over every instance, counted at most once a second")
				.tag("pipeline", pipeline.name())
				.register(registry);
			Gauge.builder("worker.jobs.running", pipeline, JobPipeline::runningCount)
				.description("Jobs of the pipeline running on this instance")
				.tag("pipeline", pipeline.name())
				.register(registry);
		}
	}

	private static final class Depth {

		private static final Log logger = LogFactory.getLog(Depth.class);

		private final JobPipeline pipeline;

		private final AtomicBoolean counting = new AtomicBoolean();

		private volatile long depth;

		private volatile long countedAtNanos = System.nanoTime() - REFRESH.toNanos();

		Depth(JobPipeline pipeline) {
			this.pipeline = pipeline;
		}

		double read() {
			if (System.nanoTime() - this.countedAtNanos >= REFRESH.toNanos()
					&& this.counting.compareAndSet(false, true)) {
				this.pipeline.driver().stats().doFinally((signal) -> {
					this.countedAtNanos = System.nanoTime();
					this.counting.set(false);
				})
					.subscribe((stats) -> this.depth = stats.waiting() + stats.delayed(), (ex) -> logger
						.debug("Pipeline '" + this.pipeline.name() + "' could not count its jobs", ex));
			}
			return this.depth;
		}

	}

}
