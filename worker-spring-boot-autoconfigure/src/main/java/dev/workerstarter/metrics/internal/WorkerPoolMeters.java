package dev.workerstarter.metrics.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.IntFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import dev.workerstarter.internal.TagValues;
import dev.workerstarter.kernel.Job;
import dev.workerstarter.kernel.JobOutcome;
import dev.workerstarter.pool.PoolListener;
import dev.workerstarter.pool.RejectionReason;
import dev.workerstarter.pool.ReplacementCause;
import dev.workerstarter.reboot.RebootReason;

/**
 * A pool's counters and timers, tagged with its name ({@code pool}), all registered up
 * front (every tag value, so that rates start from zero) and updated without a registry
 * lookup: job duration by outcome, queue wait, rejections by reason, kernel reboots by
 * reason, kernel boot time and worker replacements by cause. The job duration, recorded
 * for every request, is a count and a sum kept in {@link LongAdder}s: a full timer's
 * maximum costs more than the rest of the pool's hot path.
 */
public final class WorkerPoolMeters implements PoolListener {

	private final JobTotals[] jobs;

	private final Timer queueWait;

	private final Counter[] rejections;

	private final Counter[] reboots;

	private final Timer kernelBoot;

	private final Counter[] replacements;

	/**
	 * Registers the meters of a pool, tagged with its name.
	 * @param registry the registry to register them with
	 * @param pool the pool's name
	 */
	public WorkerPoolMeters(MeterRegistry registry, String pool) {
		this.jobs = byTag(JobOutcome.class, JobTotals[]::new, (outcome) -> {
			JobTotals totals = new JobTotals();
			FunctionTimer
				.builder("worker.job.duration", totals, JobTotals::count, JobTotals::nanos, TimeUnit.NANOSECONDS)
				.description("Time a worker spent on a job (a request or other work), by how it ended")
				.tag("outcome", outcome)
				.tag("pool", pool)
				.register(registry);
			return totals;
		});
		this.queueWait = Timer.builder("worker.queue.wait")
			.description("Time a job waited in the queue for a worker; jobs given an idle worker at once are not "
					+ "counted")
			.tag("pool", pool)
			.register(registry);
		this.rejections = byTag(RejectionReason.class, Counter[]::new,
				(reason) -> Counter.builder("worker.rejected")
					.description("Jobs refused a worker (requests answered 503), by reason")
					.tag("reason", reason)
					.tag("pool", pool)
					.register(registry));
		this.reboots = byTag(RebootReason.class, Counter[]::new,
				(reason) -> Counter.builder("worker.kernel.reboots")
					.description("Kernels rebooted, by reason")
					.tag("reason", reason)
					.tag("pool", pool)
					.register(registry));
		this.kernelBoot = Timer.builder("worker.kernel.boot")
			.description("Time creating a kernel's worker-scoped beans took")
			.tag("pool", pool)
			.register(registry);
		this.replacements = byTag(ReplacementCause.class, Counter[]::new,
				(cause) -> Counter.builder("worker.replacements")
					.description("Workers that gave up their thread and kernel and went on with new ones, by cause")
					.tag("cause", cause)
					.tag("pool", pool)
					.register(registry));
	}

	/**
	 * Returns the factory of every pool's meters.
	 * @param registry the registry to register them with
	 * @return the factory
	 */
	public static PoolListener.Factory factory(MeterRegistry registry) {
		return (pool, size) -> new WorkerPoolMeters(registry, pool);
	}

	// One meter per constant, indexed by ordinal, tagged with the constant's tag value.
	private static <E extends Enum<E>, M> M[] byTag(Class<E> type, IntFunction<M[]> array, Function<String, M> meter) {
		TagValues<E> values = new TagValues<>(type);
		E[] constants = type.getEnumConstants();
		M[] meters = array.apply(constants.length);
		for (E constant : constants) {
			meters[constant.ordinal()] = meter.apply(values.of(constant));
		}
		return meters;
	}

	@Override
	public void jobFinished(Job job, JobOutcome outcome) {
		this.jobs[outcome.ordinal()].add(System.nanoTime() - job.startNanos());
	}

	@Override
	public void waited(long nanos) {
		this.queueWait.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void rejected(RejectionReason reason) {
		this.rejections[reason.ordinal()].increment();
	}

	@Override
	public void kernelBooted(int workerId, @Nullable RebootReason reason, long jobsHandled, long bootNanos) {
		this.kernelBoot.record(bootNanos, TimeUnit.NANOSECONDS);
		if (reason != null) {
			this.reboots[reason.ordinal()].increment();
		}
	}

	@Override
	public void workerReplaced(int workerId, ReplacementCause cause) {
		this.replacements[cause.ordinal()].increment();
	}

	// What the job duration timer reads: how many jobs, and their total time.
	private static final class JobTotals {

		private final LongAdder count = new LongAdder();

		private final LongAdder nanos = new LongAdder();

		void add(long duration) {
			this.count.increment();
			this.nanos.add(duration);
		}

		long count() {
			return this.count.sum();
		}

		double nanos() {
			return this.nanos.sum();
		}

	}

}
