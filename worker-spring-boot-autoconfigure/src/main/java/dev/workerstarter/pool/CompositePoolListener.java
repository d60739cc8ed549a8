package dev.workerstarter.pool;

import org.jspecify.annotations.Nullable;

import dev.workerstarter.kernel.Job;
import dev.workerstarter.kernel.JobOutcome;
import dev.workerstarter.reboot.RebootReason;

/**
 * Tells several listeners, in order.
 */
final class CompositePoolListener implements PoolListener {

	private final PoolListener[] listeners;

	CompositePoolListener(PoolListener[] listeners) {
		this.listeners = listeners;
	}

	@Override
	public void jobStarted(Job job) {
		for (PoolListener listener : this.listeners) {
			listener.jobStarted(job);
		}
	}

	@Override
	public void jobFinished(Job job, JobOutcome outcome) {
		for (PoolListener listener : this.listeners) {
			listener.jobFinished(job, outcome);
		}
	}

	@Override
	public void waited(long nanos) {
		for (PoolListener listener : this.listeners) {
			listener.waited(nanos);
		}
	}

	@Override
	public void rejected(RejectionReason reason) {
		for (PoolListener listener : this.listeners) {
			listener.rejected(reason);
		}
	}

	@Override
	public void rebootStarted(int workerId) {
		for (PoolListener listener : this.listeners) {
			listener.rebootStarted(workerId);
		}
	}

	@Override
	public void kernelBooted(int workerId, @Nullable RebootReason reason, long jobsHandled, long bootNanos) {
		for (PoolListener listener : this.listeners) {
			listener.kernelBooted(workerId, reason, jobsHandled, bootNanos);
		}
	}

	@Override
	public void workerReplaced(int workerId, ReplacementCause cause) {
		for (PoolListener listener : this.listeners) {
			listener.workerReplaced(workerId, cause);
		}
	}

}
