package dev.workerstarter.actuate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.workerstarter.job.internal.JobDriver;
import dev.workerstarter.job.internal.JobPipeline;
import dev.workerstarter.job.internal.JobPipelines;
import dev.workerstarter.job.internal.PipelineState;

/**
 * {@link Endpoint @Endpoint} that shows the pipelines of durable jobs, pauses and resumes
 * them. Over HTTP: {@code GET /actuator/workerjobs} (every pipeline), {@code GET
 * /actuator/workerjobs/{pipeline}} (one, with its newest dead letters) and {@code POST
 * /actuator/workerjobs/{pipeline}/{action}}, the action {@code pause} or {@code resume}.
 * The counts of jobs are over every instance that shares the pipeline's driver; the state
 * and the running jobs are this instance's.
 */
@Endpoint(id = "workerjobs")
public class WorkerJobsEndpoint {

	/** How many dead letters one pipeline shows. */
	static final int DEAD_LETTERS = 20;

	private final JobPipelines pipelines;

	/**
	 * Creates the endpoint.
	 * @param pipelines the pipelines to show
	 */
	public WorkerJobsEndpoint(JobPipelines pipelines) {
		this.pipelines = pipelines;
	}

	/**
	 * Returns every pipeline, in the order they are configured.
	 * @return the pipelines
	 */
	@ReadOperation
	public Mono<PipelinesDescriptor> pipelines() {
		return Flux.fromIterable(this.pipelines.all())
			.concatMap(
					(pipeline) -> describe(pipeline, false).map((descriptor) -> Map.entry(pipeline.name(), descriptor)))
			.collect(LinkedHashMap<String, PipelineDescriptor>::new,
					(all, entry) -> all.put(entry.getKey(), entry.getValue()))
			.map(PipelinesDescriptor::new);
	}

	/**
	 * Returns one pipeline, with its newest dead letters.
	 * @param pipeline the pipeline's name
	 * @return the pipeline, empty (not found) if there is none of that name
	 */
	@ReadOperation
	public Mono<PipelineDescriptor> pipeline(@Selector String pipeline) {
		JobPipeline found = this.pipelines.find(pipeline);
		return (found != null) ? describe(found, true) : Mono.empty();
	}

	/**
	 * Pauses or resumes a pipeline on this instance. A paused pipeline takes no job, lets
	 * those running finish, and still takes pushes.
	 * @param pipeline the pipeline's name
	 * @param action {@code pause} or {@code resume}
	 * @return the pipeline, or not found if there is none of that name
	 * @throws InvalidEndpointRequestException (bad request) for any other action
	 */
	@WriteOperation
	public Mono<WebEndpointResponse<PipelineDescriptor>> run(@Selector String pipeline, @Selector String action) {
		if (!"pause".equals(action) && !"resume".equals(action)) {
			throw new InvalidEndpointRequestException(
					"Unknown action '" + action + "', the actions are 'pause' and 'resume'",
					"Unknown action, the actions are 'pause' and 'resume'");
		}
		JobPipeline found = this.pipelines.find(pipeline);
		if (found == null) {
			return Mono.just(new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND));
		}
		if ("pause".equals(action)) {
			found.pause();
		}
		else {
			found.resume();
		}
		return describe(found, false).map(WebEndpointResponse::new);
	}

	private static Mono<PipelineDescriptor> describe(JobPipeline pipeline, boolean withDeadLetters) {
		Mono<List<DeadLetterDescriptor>> deadLetters = withDeadLetters
				? pipeline.driver().deadLetters(DEAD_LETTERS).map(DeadLetterDescriptor::of).collectList()
				: Mono.just(List.of());
		return pipeline.driver()
			.stats()
			.zipWith(deadLetters,
					(stats, dead) -> new PipelineDescriptor(pipeline.settings().driver(), pipeline.pool().name(),
							pipeline.state(), pipeline.settings().concurrency(), pipeline.runningCount(),
							stats.waiting(), stats.delayed(), stats.inFlight(), stats.deadLetters(),
							withDeadLetters ? dead : null));
	}

	/**
	 * Every pipeline.
	 *
	 * @param pipelines each pipeline by name, in the order they are configured
	 */
	public record PipelinesDescriptor(Map<String, PipelineDescriptor> pipelines) implements OperationResponseBody {
	}

	/**
	 * A pipeline.
	 *
	 * @param driver where it keeps its jobs: {@code memory} or {@code redis}
	 * @param pool the pool its jobs run on
	 * @param state whether it takes jobs on this instance
	 * @param concurrency the most of its jobs running at once on this instance
	 * @param running its jobs running on this instance
	 * @param waiting its jobs due and not taken
	 * @param delayed its jobs not yet due (delayed, or waiting for a retry)
	 * @param inFlight its jobs taken and not yet acknowledged, on any instance
	 * @param deadLetters its jobs in the dead letters
	 * @param lastDeadLetters its newest dead letters, newest first, up to 20; left out of
	 * the list of every pipeline
	 */
	public record PipelineDescriptor(String driver, String pool, PipelineState state, int concurrency, int running,
			long waiting, long delayed, long inFlight, long deadLetters,
			@JsonInclude(Include.NON_NULL) @Nullable List<DeadLetterDescriptor> lastDeadLetters)
			implements
				OperationResponseBody {
	}

	/**
	 * A job that failed its last attempt.
	 *
	 * @param id the job's id
	 * @param attempts how many times it was handled
	 * @param error what its last attempt failed with
	 * @param failedAt when it was dead-lettered
	 * @param payload its payload's JSON
	 */
	public record DeadLetterDescriptor(String id, int attempts, String error, Instant failedAt, String payload) {

		static DeadLetterDescriptor of(JobDriver.DeadLetter letter) {
			return new DeadLetterDescriptor(letter.id(), letter.attempts(), letter.error(),
					Instant.ofEpochMilli(letter.failedAtMillis()), letter.payload());
		}

	}

}
