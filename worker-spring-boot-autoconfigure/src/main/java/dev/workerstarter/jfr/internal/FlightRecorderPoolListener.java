package dev.workerstarter.jfr.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

import dev.workerstarter.internal.TagValues;
import dev.workerstarter.kernel.Job;
import dev.workerstarter.kernel.JobOutcome;
import dev.workerstarter.pool.PoolListener;
import dev.workerstarter.reboot.RebootReason;

/**
 * Records a JDK Flight Recorder event per job ({@code dev.workerstarter.Job}) and per
 * kernel reboot ({@code dev.workerstarter.KernelReboot}) while a recording has them
 * enabled; when none has, a job costs a check and a plain write.
 */
public final class FlightRecorderPoolListener implements PoolListener {

	private static final TagValues<JobOutcome> OUTCOMES = new TagValues<>(JobOutcome.class);

	private static final TagValues<RebootReason> REASONS = new TagValues<>(RebootReason.class);

	// Never committed: asks whether a recording has the events enabled.
	private static final JobEvent JOBS_ENABLED = new JobEvent();

	private static final KernelRebootEvent REBOOTS_ENABLED = new KernelRebootEvent();

	// The event begun for each worker's current job and reboot, by worker id; a worker
	// has one
	// of each at a time.
	private final AtomicReferenceArray<@Nullable JobEvent> jobs;

	private final AtomicReferenceArray<@Nullable KernelRebootEvent> reboots;

	private final String poolName;

	/**
	 * Creates the listener of a pool.
	 * @param poolName the pool's name
	 * @param poolSize the number of workers
	 */
	public FlightRecorderPoolListener(String poolName, int poolSize) {
		this.poolName = poolName;
		this.jobs = new AtomicReferenceArray<>(poolSize + 1);
		this.reboots = new AtomicReferenceArray<>(poolSize + 1);
	}

	@Override
	public void jobStarted(Job job) {
		JobEvent event = null;
		if (JOBS_ENABLED.isEnabled()) {
			event = new JobEvent();
			event.job = job;
			event.begin();
		}
		// the job's finish reads it after its start
		this.jobs.lazySet(job.workerId(), event);
	}

	@Override
	public void jobFinished(Job job, JobOutcome outcome) {
		JobEvent event = this.jobs.get(job.workerId());
		if (event == null || event.job != job) {
			return;
		}
		event.end();
		if (event.shouldCommit()) {
			event.poolName = this.poolName;
			event.workerId = job.workerId();
			event.jobNumber = job.jobNumber();
			event.outcome = OUTCOMES.of(outcome);
			event.commit();
		}
	}

	@Override
	public void rebootStarted(int workerId) {
		KernelRebootEvent event = null;
		if (REBOOTS_ENABLED.isEnabled()) {
			event = new KernelRebootEvent();
			event.begin();
		}
		this.reboots.set(workerId, event);
	}

	@Override
	public void kernelBooted(int workerId, @Nullable RebootReason reason, long jobsHandled, long bootNanos) {
		if (reason == null) {
			return; // the worker's first kernel
		}
		KernelRebootEvent event = this.reboots.getAndSet(workerId, null);
		if (event == null) {
			return;
		}
		event.end();
		if (event.shouldCommit()) {
			event.poolName = this.poolName;
			event.workerId = workerId;
			event.reason = REASONS.of(reason);
			event.jobsHandled = jobsHandled;
			event.bootTime = bootNanos;
			event.commit();
		}
	}

}
