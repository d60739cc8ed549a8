package dev.workerstarter.integration.session.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.util.context.ContextView;

import org.springframework.web.server.ServerWebExchange;

import dev.workerstarter.integration.session.JobSession;
import dev.workerstarter.kernel.Job;
import dev.workerstarter.kernel.JobOutcome;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.kernel.internal.WorkerContextHolder;
import dev.workerstarter.pool.PoolListener;

/**
 * The exchange of each worker's current job, as its handler gets it, for
 * {@link JobSession}. Internal: {@link JobExchangeFilter} binds it when the request
 * reaches the handler, and it is dropped when the job finishes (this is a
 * {@link PoolListener.Factory} of a listener per pool), so that no kernel keeps a
 * client's exchange beyond its job. A worker runs one job at a time, so one slot per
 * worker of each pool is enough; a lookup checks the job, so code that a finished job
 * left behind never reaches the exchange of the worker's next job.
 */
public final class JobExchanges implements PoolListener.Factory {

	// By pool name, each made with the pool's listener before the pool starts; then by
	// worker id, from 1.
	private final Map<String, AtomicReferenceArray<@Nullable JobExchange>> slots = new ConcurrentHashMap<>();

	@Override
	public PoolListener create(String poolName, int poolSize) {
		AtomicReferenceArray<@Nullable JobExchange> slots = new AtomicReferenceArray<>(poolSize + 1);
		this.slots.put(poolName, slots);
		return new PoolListener() {
			@Override
			public void jobFinished(Job job, JobOutcome outcome) {
				JobExchange bound = slots.get(job.workerId());
				if (bound != null && bound.job() == job) {
					slots.compareAndSet(job.workerId(), bound, null);
				}
			}
		};
	}

	void bind(KernelJob job, ServerWebExchange exchange, CoreSubscriber<?> handling) {
		// Readers run later in the same job, after a hand-off that orders them after this
		// write.
		slots(job).lazySet(job.workerId(), new JobExchange(job, exchange, handling));
	}

	public @Nullable JobExchange get(KernelJob job) {
		JobExchange bound = slots(job).get(job.workerId());
		return (bound != null && bound.job() == job) ? bound : null;
	}

	private AtomicReferenceArray<@Nullable JobExchange> slots(Job job) {
		AtomicReferenceArray<@Nullable JobExchange> slots = this.slots.get(job.poolName());
		if (slots == null) {
			throw new IllegalStateException("No session slots for the pool of " + job);
		}
		return slots;
	}

	/**
	 * Returns the job bound to the calling thread, or else the one in the given Reactor
	 * context.
	 * @param context the context of the caller
	 * @return the job, or {@code null} outside a worker
	 */
	public static @Nullable KernelJob currentJob(ContextView context) {
		KernelJob job = WorkerContextHolder.get();
		if (job == null && context.getOrDefault(WorkerContext.CONTEXT_KEY, null) instanceof KernelJob inContext) {
			return inContext;
		}
		return job;
	}

	/**
	 * The exchange of a job, with the subscriber of its handling, whose Reactor context
	 * holds a principal kept there (as Spring Security keeps it).
	 *
	 * @param job the job
	 * @param exchange the job's exchange
	 * @param handling the subscriber of the job's handling
	 */
	public record JobExchange(KernelJob job, ServerWebExchange exchange, CoreSubscriber<?> handling) {

		/**
		 * Returns the Reactor context of the job's handling, found only when asked for:
		 * most jobs never ask.
		 * @return the context
		 */
		public ContextView context() {
			return this.handling.currentContext();
		}

	}

}
