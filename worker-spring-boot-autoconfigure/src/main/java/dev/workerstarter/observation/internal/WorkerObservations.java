package dev.workerstarter.observation.internal;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

import dev.workerstarter.internal.TagValues;
import dev.workerstarter.kernel.JobOutcome;
import dev.workerstarter.kernel.internal.KernelJob;

/**
 * Makes the pool's observations, children of the request's own (WebFlux's
 * {@code http.server.requests}): {@code worker.queue} while a request waits for a worker,
 * and {@code worker.job} while a worker handles it, made current for the job's reactive
 * chain and on the kernel's thread, so that tracing shows both as spans. Makes none when
 * the registry is the no-op one. A handler that fails is logged: observing never fails a
 * request or loses a worker.
 */
public final class WorkerObservations {

	/** Makes no observations. */
	public static final WorkerObservations NONE = new WorkerObservations(ObservationRegistry.NOOP);

	/** Name of the observation of a request waiting for a worker. */
	public static final String QUEUE = "worker.queue";

	// The meters' tag is "pool" too.
	private static final String POOL = "pool";

	/** Name of the observation of a job. */
	public static final String JOB = "worker.job";

	/**
	 * Key under which the current observation is kept in the Reactor context,
	 * Micrometer's own (a constant: using it loads no context-propagation class).
	 */
	public static final String CONTEXT_KEY = ObservationThreadLocalAccessor.KEY;

	private static final Log logger = LogFactory.getLog(WorkerObservations.class);

	private static final TagValues<JobOutcome> OUTCOMES = new TagValues<>(JobOutcome.class);

	private final ObservationRegistry registry;

	/**
	 * Creates the observations' factory.
	 * @param registry the registry to observe through
	 */
	public WorkerObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Starts the observation of a job's wait for a worker.
	 * @param poolName the name of the pool it waits in
	 * @param context the job's Reactor context, which holds the parent observation
	 * @return the started observation, or {@code null} if none is made
	 */
	public @Nullable Observation startQueue(String poolName, ContextView context) {
		if (this.registry.isNoop()) {
			return null;
		}
		try {
			return Observation.createNotStarted(QUEUE, this.registry)
				.contextualName("worker queue")
				.parentObservation(parent(context))
				.lowCardinalityKeyValue(POOL, poolName)
				.start();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not start the observation of a request waiting for a worker", ex);
			return null;
		}
	}

	/**
	 * Starts the observation of a job and sets it on the job.
	 * @param job the job
	 * @param context the request's Reactor context, which holds the parent observation
	 * @return the started observation, or {@code null} if none is made
	 */
	public @Nullable Observation startJob(KernelJob job, ContextView context) {
		if (this.registry.isNoop()) {
			return null;
		}
		try {
			Observation observation = Observation.createNotStarted(JOB, this.registry)
				.contextualName("worker job")
				.parentObservation(parent(context))
				.lowCardinalityKeyValue(POOL, job.poolName())
				.highCardinalityKeyValue("worker.id", Integer.toString(job.workerId()))
				.highCardinalityKeyValue("job.number", Long.toString(job.jobNumber()))
				.start();
			job.observation(observation);
			return observation;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not start the observation of " + job, ex);
			return null;
		}
	}

	/**
	 * Stops the observation of a request's wait for a worker.
	 * @param observation the wait's observation
	 * @param rejection what turned the request away, or {@code null} if it got a worker
	 * or its client went away
	 */
	public static void stopQueue(Observation observation, @Nullable Throwable rejection) {
		stop(observation, rejection);
	}

	/**
	 * Stops the observation of a job that has ended, with its outcome and, if it failed,
	 * its exception.
	 * @param observation the job's observation
	 * @param job the job
	 */
	public static void stopJob(Observation observation, KernelJob job) {
		observation.lowCardinalityKeyValue("outcome", OUTCOMES.of(job.outcome()));
		stop(observation, job.exception());
	}

	private static void stop(Observation observation, @Nullable Throwable error) {
		try {
			if (error != null) {
				observation.error(error);
			}
			observation.stop();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not stop the observation " + observation, ex);
		}
	}

	private @Nullable Observation parent(ContextView context) {
		Observation parent = context.getOrDefault(CONTEXT_KEY, null);
		return (parent != null) ? parent : this.registry.getCurrentObservation();
	}

}
