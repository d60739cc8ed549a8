package dev.workerstarter.pool;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.workerstarter.kernel.Job;
import dev.workerstarter.kernel.JobOutcome;
import dev.workerstarter.pool.internal.CompositePoolListener;
import dev.workerstarter.reboot.RebootReason;

/**
 * Told what a pool and its workers do, for meters and flight recordings. Called on the
 * hot path and on whatever thread the pool acts: implementations must be quick and must
 * not block. One that throws is logged and costs no job, no worker and no place in the
 * queue. Application code listens to the pool's {@code ApplicationEvent}s instead.
 * <p>
 * A {@code PoolListener} bean listens to every pool; a {@link Factory} bean makes one
 * listener per pool, which knows the pool's name (for example to tag meters). Worker ids
 * start from {@code 1} in every pool, and only {@link Job#poolName()} tells a listener of
 * every pool which pool a callback is about: the other callbacks do not say.
 */
public interface PoolListener {

	/** Listens to nothing. */
	PoolListener NONE = new PoolListener() {
	};

	/**
	 * A job starts on a worker.
	 * @param job the job
	 */
	default void jobStarted(Job job) {
	}

	/**
	 * A job has finished, or has been ended by the exec TTL.
	 * @param job the job
	 * @param outcome how it ended
	 */
	default void jobFinished(Job job, JobOutcome outcome) {
	}

	/**
	 * A job that waited in the queue was given a worker.
	 * @param nanos how long it waited
	 */
	default void waited(long nanos) {
	}

	/**
	 * A job was refused a worker.
	 * @param reason why
	 */
	default void rejected(RejectionReason reason) {
	}

	/**
	 * A worker starts to replace its kernel.
	 * @param workerId the worker
	 */
	default void rebootStarted(int workerId) {
	}

	/**
	 * A kernel has booted: a worker's first, or one that replaced a rebooted kernel.
	 * @param workerId the worker
	 * @param reason why the previous kernel was rebooted, {@code null} for a worker's
	 * first kernel
	 * @param jobsHandled how many jobs the previous kernel handled
	 * @param bootNanos how long creating the kernel's beans took
	 */
	default void kernelBooted(int workerId, @Nullable RebootReason reason, long jobsHandled, long bootNanos) {
	}

	/**
	 * A worker gave up its thread and kernel and goes on with new ones.
	 * @param workerId the worker
	 * @param cause why
	 */
	default void workerReplaced(int workerId, ReplacementCause cause) {
	}

	/**
	 * Returns one listener telling all the given ones, in order.
	 * @param listeners the listeners
	 * @return the single listener, {@link #NONE} if there is none
	 */
	static PoolListener of(List<PoolListener> listeners) {
		return switch (listeners.size()) {
			case 0 -> NONE;
			case 1 -> listeners.get(0);
			default -> new CompositePoolListener(listeners.toArray(PoolListener[]::new));
		};
	}

	/**
	 * Makes the listener of each pool.
	 */
	@FunctionalInterface
	interface Factory {

		/**
		 * Makes the listener of a pool, once, before the pool starts.
		 * @param poolName the pool's name
		 * @param poolSize the number of its workers
		 * @return its listener
		 */
		PoolListener create(String poolName, int poolSize);

	}

}
