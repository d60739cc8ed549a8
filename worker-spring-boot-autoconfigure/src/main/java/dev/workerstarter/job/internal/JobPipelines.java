package dev.workerstarter.job.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

/**
 * The pipelines of this instance, started once the pools are and stopped before the pools
 * drain: each stops taking jobs and waits, within its pool's destroy timeout, for the
 * jobs it runs, alongside the web server's graceful shutdown.
 */
public final class JobPipelines implements SmartLifecycle, AutoCloseable {

	/**
	 * After the pools have started; stops with the web server's graceful shutdown, before
	 * the pools drain.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private static final Log logger = LogFactory.getLog(JobPipelines.class);

	private final Map<String, JobPipeline> pipelines = new LinkedHashMap<>();

	private volatile boolean running;

	/**
	 * Creates the group.
	 * @param pipelines the pipelines, in the order they are configured
	 */
	public JobPipelines(List<JobPipeline> pipelines) {
		for (JobPipeline pipeline : pipelines) {
			this.pipelines.put(pipeline.name(), pipeline);
		}
	}

	/**
	 * Returns every pipeline.
	 * @return the pipelines, in the order they are configured
	 */
	public List<JobPipeline> all() {
		return List.copyOf(this.pipelines.values());
	}

	/**
	 * Returns a pipeline by name.
	 * @param name the name
	 * @return the pipeline, {@code null} if there is none of that name
	 */
	public @Nullable JobPipeline find(String name) {
		return this.pipelines.get(name);
	}

	/**
	 * Returns a pipeline by name.
	 * @param name the name
	 * @return the pipeline
	 * @throws IllegalArgumentException if there is none of that name; the message lists
	 * the pipelines there are
	 */
	public JobPipeline get(String name) {
		JobPipeline pipeline = this.pipelines.get(name);
		if (pipeline == null) {
			throw new IllegalArgumentException("There is no pipeline named '" + name + "'; the pipelines are "
					+ this.pipelines.keySet() + " (worker.jobs.pipelines)");
		}
		return pipeline;
	}

	@Override
	public void start() {
		this.pipelines.values().forEach(JobPipeline::start);
		this.running = true;
	}

	@Override
	public void stop() {
		stopAll().block();
	}

	@Override
	public void stop(Runnable callback) {
		stopAll().doFinally((signal) -> callback.run()).subscribe();
	}

	private Mono<Void> stopAll() {
		this.running = false;
		return Flux.fromIterable(this.pipelines.values())
			.flatMap((pipeline) -> pipeline.stop()
				.timeout(pipeline.settings().stopTimeout(),
						Mono.fromRunnable(() -> logger.warn("Pipeline '" + pipeline.name() + "' still runs "
								+ pipeline.runningCount() + " jobs after " + pipeline.settings().stopTimeout()
								+ ": they are left to the pool's own shutdown"))))
			.then();
	}

	/**
	 * Closes every driver that holds resources (the Redis driver's connection), once the
	 * pipelines have stopped.
	 * @throws Exception if a driver fails to close
	 */
	@Override
	public void close() throws Exception {
		for (JobPipeline pipeline : this.pipelines.values()) {
			if (pipeline.driver() instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
