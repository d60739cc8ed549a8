package dev.workerstarter.pool.internal;

import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.workerstarter.kernel.Job;
import dev.workerstarter.kernel.JobOutcome;
import dev.workerstarter.pool.PoolListener;
import dev.workerstarter.pool.RejectionReason;
import dev.workerstarter.pool.ReplacementCause;
import dev.workerstarter.reboot.RebootReason;

/**
 * Tells several listeners, in order, each isolated: a listener that throws is logged and
 * the others, the job and the worker go on. The pool tells its listener through one of
 * these only.
 */
public final class CompositePoolListener implements PoolListener {

	private static final Log logger = LogFactory.getLog(CompositePoolListener.class);

	private final PoolListener[] listeners;

	public CompositePoolListener(PoolListener[] listeners) {
		this.listeners = listeners;
	}

	/**
	 * Returns a listener that tells the given one and never throws.
	 * @param listener the listener
	 * @return the isolated listener
	 */
	public static PoolListener isolating(PoolListener listener) {
		if (listener == PoolListener.NONE || listener instanceof CompositePoolListener) {
			return listener;
		}
		return new CompositePoolListener(new PoolListener[] { listener });
	}

	@Override
	public void jobStarted(Job job) {
		for (PoolListener listener : this.listeners) {
			try {
				listener.jobStarted(job);
			}
			catch (RuntimeException ex) {
				failed(listener, "jobStarted", ex);
			}
		}
	}

	@Override
	public void jobFinished(Job job, JobOutcome outcome) {
		for (PoolListener listener : this.listeners) {
			try {
				listener.jobFinished(job, outcome);
			}
			catch (RuntimeException ex) {
				failed(listener, "jobFinished", ex);
			}
		}
	}

	@Override
	public void waited(long nanos) {
		tell("waited", (listener) -> listener.waited(nanos));
	}

	@Override
	public void rejected(RejectionReason reason) {
		tell("rejected", (listener) -> listener.rejected(reason));
	}

	@Override
	public void rebootStarted(int workerId) {
		tell("rebootStarted", (listener) -> listener.rebootStarted(workerId));
	}

	@Override
	public void kernelBooted(int workerId, @Nullable RebootReason reason, long jobsHandled, long bootNanos) {
		tell("kernelBooted", (listener) -> listener.kernelBooted(workerId, reason, jobsHandled, bootNanos));
	}

	@Override
	public void workerReplaced(int workerId, ReplacementCause cause) {
		tell("workerReplaced", (listener) -> listener.workerReplaced(workerId, cause));
	}

	// Off the per-job path (which is written out above to spare a lambda per job).
	private void tell(String method, Consumer<PoolListener> call) {
		for (PoolListener listener : this.listeners) {
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				failed(listener, method, ex);
			}
		}
	}

	private static void failed(PoolListener listener, String method, RuntimeException ex) {
		logger.warn("Pool listener " + listener + " failed in " + method + "; the pool goes on", ex);
	}

}
