package dev.workerstarter.chaos;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

import org.springframework.context.event.EventListener;

import dev.workerstarter.event.WorkerExceptionEvent;
import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.kernel.Job;
import dev.workerstarter.kernel.JobBinding;
import dev.workerstarter.kernel.JobOutcome;
import dev.workerstarter.pool.PoolListener;
import dev.workerstarter.pool.RejectionReason;
import dev.workerstarter.pool.ReplacementCause;
import dev.workerstarter.reboot.RebootReason;

/**
 * Hooks of the application that throw now and then: a {@link PoolListener}, a
 * {@link JobBinding.Factory} whose bindings throw too, and event listeners. The design
 * asks that a hook that throws never costs a request, a worker or the queue.
 */
final class ChaosHooks {

	/** How often the hooks called for every job throw. */
	static final double PER_JOB_RATE = 0.003;

	/** How often the rarer pool hooks (waits, reboots, replacements) throw. */
	static final double RARE_RATE = 0.03;

	/** How often an event listener throws. */
	static final double EVENT_RATE = 0.05;

	private ChaosHooks() {
	}

	private static void maybeThrow(ChaosStats stats, String hook, double rate) {
		if (stats.strike(hook, rate)) {
			throw new HookFailure(hook);
		}
	}

	/** Thrown by a hook on purpose. */
	static final class HookFailure extends RuntimeException {

		private static final long serialVersionUID = 1L;

		HookFailure(String hook) {
			super("chaos: " + hook + " threw on purpose");
		}

	}

	/** A pool listener whose every method throws now and then. */
	static final class ThrowingPoolListener implements PoolListener {

		private final ChaosStats stats;

		ThrowingPoolListener(ChaosStats stats) {
			this.stats = stats;
		}

		@Override
		public void jobStarted(Job job) {
			maybeThrow(this.stats, "PoolListener.jobStarted", PER_JOB_RATE);
		}

		@Override
		public void jobFinished(Job job, JobOutcome outcome) {
			maybeThrow(this.stats, "PoolListener.jobFinished", PER_JOB_RATE);
		}

		@Override
		public void waited(long nanos) {
			maybeThrow(this.stats, "PoolListener.waited", PER_JOB_RATE);
		}

		@Override
		public void rejected(RejectionReason reason) {
			maybeThrow(this.stats, "PoolListener.rejected", RARE_RATE);
		}

		@Override
		public void rebootStarted(int workerId) {
			maybeThrow(this.stats, "PoolListener.rebootStarted", RARE_RATE);
		}

		@Override
		public void kernelBooted(int workerId, @Nullable RebootReason reason, long jobsHandled, long bootNanos) {
			maybeThrow(this.stats, "PoolListener.kernelBooted", RARE_RATE);
		}

		@Override
		public void workerReplaced(int workerId, ReplacementCause cause) {
			maybeThrow(this.stats, "PoolListener.workerReplaced", RARE_RATE);
		}

	}

	/**
	 * A binding factory whose {@code create} throws now and then, and whose bindings'
	 * every method does too. A binding keeps its job in a thread local while bound, as a
	 * library's per-job state would: restored faithfully even when restore throws, so
	 * that a thread left with a job bound is the pool's doing.
	 */
	static final class ThrowingBindings implements JobBinding.Factory {

		private static final ThreadLocal<@Nullable Job> BOUND = new ThreadLocal<>();

		private final ChaosStats stats;

		ThrowingBindings(ChaosStats stats) {
			this.stats = stats;
		}

		/**
		 * Returns whether a job's binding is bound to the calling thread.
		 * @return whether a binding is bound
		 */
		static boolean bound() {
			return BOUND.get() != null;
		}

		@Override
		public @Nullable JobBinding create(Job job) {
			maybeThrow(this.stats, "JobBinding.Factory.create", PER_JOB_RATE);
			return new Binding(job);
		}

		private final class Binding implements JobBinding {

			private final Job job;

			Binding(Job job) {
				this.job = job;
			}

			@Override
			public @Nullable Object bind() {
				maybeThrow(ThrowingBindings.this.stats, "JobBinding.bind", PER_JOB_RATE);
				Job previous = BOUND.get();
				BOUND.set(this.job);
				return previous;
			}

			@Override
			public void restore(@Nullable Object token) {
				if (token == null) {
					BOUND.remove();
				}
				else {
					BOUND.set((Job) token);
				}
				maybeThrow(ThrowingBindings.this.stats, "JobBinding.restore", PER_JOB_RATE);
			}

			@Override
			public Context write(Context context) {
				maybeThrow(ThrowingBindings.this.stats, "JobBinding.write", PER_JOB_RATE);
				return context.put(Binding.class, this);
			}

		}

	}

	/** Listens to the exception and reboot events, throwing now and then. */
	static final class ThrowingEventListener {

		private final ChaosStats stats;

		private final Map<RebootReason, LongAdder> reboots = new ConcurrentHashMap<>();

		ThrowingEventListener(ChaosStats stats) {
			this.stats = stats;
		}

		@EventListener
		void onException(WorkerExceptionEvent event) {
			maybeThrow(this.stats, "@EventListener(WorkerExceptionEvent)", EVENT_RATE);
		}

		@EventListener
		void onReboot(WorkerKernelRebootedEvent event) {
			this.reboots.computeIfAbsent(event.reason(), (reason) -> new LongAdder()).increment();
			maybeThrow(this.stats, "@EventListener(WorkerKernelRebootedEvent)", EVENT_RATE);
		}

		Map<RebootReason, Long> reboots() {
			Map<RebootReason, Long> reboots = new TreeMap<>();
			this.reboots.forEach((reason, count) -> reboots.put(reason, count.sum()));
			return reboots;
		}

	}

}
