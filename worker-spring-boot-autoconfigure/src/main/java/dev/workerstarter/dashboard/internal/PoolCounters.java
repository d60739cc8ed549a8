package dev.workerstarter.dashboard.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import dev.workerstarter.kernel.Job;
import dev.workerstarter.kernel.JobOutcome;
import dev.workerstarter.pool.PoolListener;
import dev.workerstarter.reboot.RebootReason;

/**
 * What the dashboard counts of one pool: jobs finished, their total time, and reboots by
 * reason. Allocates nothing per job.
 */
final class PoolCounters implements PoolListener {

	private static final RebootReason[] REASONS = RebootReason.values();

	private final LongAdder jobs = new LongAdder();

	private final LongAdder jobNanos = new LongAdder();

	private final LongAdder[] reboots = new LongAdder[REASONS.length];

	PoolCounters() {
		for (int i = 0; i < this.reboots.length; i++) {
			this.reboots[i] = new LongAdder();
		}
	}

	@Override
	public void jobFinished(Job job, JobOutcome outcome) {
		// The time first: a sampler that reads the count first never sees a job without
		// its time.
		this.jobNanos.add(System.nanoTime() - job.startNanos());
		this.jobs.increment();
	}

	@Override
	public void kernelBooted(int workerId, @Nullable RebootReason reason, long jobsHandled, long bootNanos) {
		if (reason != null) {
			this.reboots[reason.ordinal()].increment();
		}
	}

	long jobs() {
		return this.jobs.sum();
	}

	long jobNanos() {
		return this.jobNanos.sum();
	}

	// Only the reasons seen, in the enum's order.
	Map<RebootReason, Long> reboots() {
		Map<RebootReason, Long> counts = new EnumMap<>(RebootReason.class);
		for (RebootReason reason : REASONS) {
			long count = this.reboots[reason.ordinal()].sum();
			if (count > 0) {
				counts.put(reason, count);
			}
		}
		return counts;
	}

}
