package dev.workerstarter.kernel.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.workerstarter.kernel.Job;
import dev.workerstarter.kernel.JobBinding;
import dev.workerstarter.kernel.JobOutcome;
import dev.workerstarter.kernel.RunningJob;
import dev.workerstarter.reboot.RebootReason;

/**
 * The {@link Job} the pool runs on a worker's kernel, with the mutators the pool, the web
 * layer and the integrations use, and its own {@link #executor()}. The job stays open
 * while its reactive chain runs and while any of its blocking tasks runs on the kernel's
 * thread, and tells its {@link Listener} once when all of them are done.
 */
public final class KernelJob implements RunningJob {

	/** Name of the exchange attribute that holds the current job. */
	public static final String ATTRIBUTE = KernelJob.class.getName();

	private static final Log logger = LogFactory.getLog(KernelJob.class);

	private static final AtomicIntegerFieldUpdater<KernelJob> HOLDS = AtomicIntegerFieldUpdater
		.newUpdater(KernelJob.class, "holds");

	private static final AtomicReferenceFieldUpdater<KernelJob, @Nullable Throwable> EXCEPTION = AtomicReferenceFieldUpdater
		.newUpdater(KernelJob.class, Throwable.class, "exception");

	private final Kernel kernel;

	private final long number;

	private final Listener listener;

	private final long startNanos = System.nanoTime();

	// Holds added to an expired job's count so that its late releases never bring it to
	// zero: the job finishes (count zero) or expires, never both, with no extra atomic
	// per job.
	private static final int EXPIRED = 1 << 30;

	private volatile int holds = 1;

	private volatile @Nullable Consumer<Throwable> expiryHandler;

	private volatile @Nullable Throwable expiredWith;

	private volatile @Nullable Throwable exception;

	private volatile @Nullable RebootReason forcedReboot;

	private volatile @Nullable Throwable handlerException;

	private volatile boolean cancelled;

	private @Nullable Observation observation;

	private @Nullable JobBinding binding;

	private volatile boolean ended;

	// Computed once, on first use: the job may be bound to threads many times.
	private @Nullable String jobNumberText;

	private @Nullable Executor executor;

	// The pool's unit of work, which the kernel layer does not know: written before the
	// job is published as its worker's current job, read by the workers endpoint.
	private @Nullable Object work;

	KernelJob(Kernel kernel, long number, Listener listener) {
		this.kernel = kernel;
		this.number = number;
		this.listener = listener;
	}

	/**
	 * Returns the kernel the job runs on.
	 * @return the kernel
	 */
	public Kernel kernel() {
		return this.kernel;
	}

	/**
	 * Returns what is told when the job has finished: the worker that started it.
	 * @return the listener
	 */
	public Listener listener() {
		return this.listener;
	}

	/**
	 * Sets the unit of work the job runs; call it before the job is published to other
	 * threads.
	 * @param work the work, or {@code null}
	 */
	public void work(@Nullable Object work) {
		this.work = work;
	}

	/**
	 * Returns the unit of work the job runs.
	 * @return the work, or {@code null} if none was set
	 */
	public @Nullable Object work() {
		return this.work;
	}

	@Override
	public long startNanos() {
		return this.startNanos;
	}

	@Override
	public String poolName() {
		return this.kernel.poolName();
	}

	@Override
	public int workerId() {
		return this.kernel.workerId();
	}

	@Override
	public long jobNumber() {
		return this.number;
	}

	String jobNumberText() {
		String text = this.jobNumberText;
		if (text == null) {
			text = Long.toString(this.number);
			this.jobNumberText = text;
		}
		return text;
	}

	@Override
	public @Nullable Throwable exception() {
		return this.exception;
	}

	@Override
	public void requestKernelReboot() {
		forceReboot(RebootReason.FORCED);
	}

	/**
	 * Records an exception the job's handling threw; the first one recorded is kept.
	 * @param ex the exception
	 */
	public void recordException(Throwable ex) {
		EXCEPTION.compareAndSet(this, null, ex);
	}

	/**
	 * Notes that the handler (not a middleware around it) emitted the given error.
	 * @param ex the error
	 */
	public void markHandlerException(Throwable ex) {
		this.handlerException = ex;
	}

	/**
	 * Returns the error the handler emitted, if any.
	 * @return the error, or {@code null}
	 */
	public @Nullable Throwable handlerException() {
		return this.handlerException;
	}

	/**
	 * Notes that the client went away before the response completed.
	 */
	public void markCancelled() {
		this.cancelled = true;
	}

	@Override
	public JobOutcome outcome() {
		if (this.holds >= EXPIRED) {
			return JobOutcome.TIMEOUT;
		}
		if (this.exception != null) {
			return JobOutcome.ERROR;
		}
		return this.cancelled ? JobOutcome.CANCELLED : JobOutcome.SUCCESS;
	}

	/**
	 * Sets the observation of this job, made current wherever the job is bound to a
	 * thread of the kernel. Call it before the job's handling starts.
	 * @param observation the started observation
	 */
	public void observation(Observation observation) {
		this.observation = observation;
	}

	/**
	 * Sets the integrations' state bound wherever the job is bound to a thread of the
	 * kernel or subscribed. Call it before the job's handling starts.
	 * @param binding the binding
	 */
	public void binding(JobBinding binding) {
		this.binding = binding;
	}

	/**
	 * Returns the integrations' state of this job.
	 * @return the binding, or {@code null}
	 */
	public @Nullable JobBinding binding() {
		return this.binding;
	}

	/**
	 * Makes the kernel reboot after this job whatever the strategies say.
	 * @param reason the reason to report
	 */
	public void forceReboot(RebootReason reason) {
		if (this.forcedReboot == null || reason == RebootReason.EXCEPTION) {
			this.forcedReboot = reason;
		}
	}

	/**
	 * Returns the reboot this job requires whatever the strategies say.
	 * @return the reason, or {@code null}
	 */
	public @Nullable RebootReason forcedReboot() {
		return this.forcedReboot;
	}

	/**
	 * Keeps the job open while a blocking task of it runs.
	 * @return {@code false} if the job has already finished
	 */
	public boolean retain() {
		for (;;) {
			int current = this.holds;
			if (current <= 0 || current >= EXPIRED) {
				return false;
			}
			if (HOLDS.compareAndSet(this, current, current + 1)) {
				return true;
			}
		}
	}

	/**
	 * Releases one hold; the last release finishes the job.
	 */
	public void release() {
		if (HOLDS.decrementAndGet(this) == 0) {
			this.listener.jobFinished(this);
		}
	}

	/**
	 * Sets what ends the job's handling when the job expires; runs it at once if the job
	 * has already expired. The handler may be called twice and must act once.
	 * @param handler given the exception the job expired with
	 */
	public void onExpiry(Consumer<Throwable> handler) {
		this.expiryHandler = handler;
		if (this.holds >= EXPIRED) {
			Throwable expiredWith = this.expiredWith;
			if (expiredWith != null) {
				handler.accept(expiredWith);
			}
		}
	}

	/**
	 * Ends a job that ran too long, unless it has finished: records the exception and
	 * hands it to the expiry handler. The job's {@link Listener} is then never told; the
	 * caller takes over the worker.
	 * @param ex the exception the job ends with
	 * @return {@code true} if the job expired, {@code false} if it had already finished
	 */
	public boolean expire(Throwable ex) {
		for (;;) {
			int current = this.holds;
			if (current <= 0 || current >= EXPIRED) {
				return false;
			}
			if (HOLDS.compareAndSet(this, current, current + EXPIRED)) {
				break;
			}
		}
		// Only the winner writes it, then reads the handler: an onExpiry that found the
		// count
		// expired but this not yet written is seen here and its handler called.
		this.expiredWith = ex;
		this.exception = ex;
		Consumer<Throwable> handler = this.expiryHandler;
		if (handler != null) {
			handler.accept(ex);
		}
		return true;
	}

	@Override
	public Executor executor() {
		Executor executor = this.executor;
		if (executor == null) {
			executor = this::execute;
			this.executor = executor;
		}
		return executor;
	}

	/**
	 * Runs a task on the kernel's thread with this job bound, holding the job open until
	 * it returns.
	 * @param task the task
	 * @throws RejectedExecutionException if the job has ended or the kernel was destroyed
	 */
	public void execute(Runnable task) {
		Runnable bound = wrap(task);
		submit(() -> {
			try {
				bound.run();
			}
			finally {
				release();
			}
		});
	}

	/**
	 * Runs a task on the kernel's thread as {@link #execute(Runnable)} does, then what it
	 * returns, on that thread and in the same turn, once this job is no longer bound
	 * there nor held by the task: such as emitting its result to a caller that must see
	 * its own job, without a second trip through the kernel's queue.
	 * @param task the task, returning what follows it
	 * @throws RejectedExecutionException if the job has ended or the kernel was destroyed
	 */
	public void executeThen(Supplier<Runnable> task) {
		submit(() -> {
			Runnable[] then = new Runnable[1];
			try {
				wrap(() -> then[0] = task.get()).run();
			}
			finally {
				release();
			}
			then[0].run();
		});
	}

	// Holds the job open for a task on the kernel's thread; the task releases it.
	private void submit(Runnable releasing) {
		if (!retain()) {
			throw new RejectedExecutionException(this + " has already ended (it completed, its caller went away, "
					+ "or it ran past worker.supervisor.exec-ttl): the task was not run");
		}
		try {
			this.kernel.execute(releasing);
		}
		catch (RejectedExecutionException ex) {
			release();
			throw new RejectedExecutionException("The worker's kernel has been destroyed (its pool stopped, past its "
					+ "destroy-timeout): the task of " + this + " was not run", ex);
		}
	}

	/**
	 * Returns a task that runs the given one with this job bound to the running thread,
	 * and its observation and binding.
	 * @param task the task
	 * @return the bound task
	 */
	public Runnable wrap(Runnable task) {
		Observation observation = this.observation;
		if (observation == null) {
			return () -> {
				Object token = enter();
				try {
					task.run();
				}
				finally {
					exit(token);
				}
			};
		}
		return () -> {
			Object token = enter();
			try {
				Observation.Scope scope = observation.openScope();
				try {
					task.run();
				}
				finally {
					scope.close();
				}
			}
			finally {
				exit(token);
			}
		};
	}

	/**
	 * Does some work with this job and its binding bound to the calling thread; also the
	 * work that follows the job, when its observation has stopped.
	 * @param work the work
	 * @param <T> the type of its result
	 * @return the work's result
	 */
	public <T> T bound(Supplier<T> work) {
		Object token = enter();
		try {
			return work.get();
		}
		finally {
			exit(token);
		}
	}

	/**
	 * Binds this job and its binding to the calling thread: the one way a job is bound.
	 * Always pair it with {@link #exit(Object)} in a {@code finally} block. A binding
	 * that throws is logged and left unbound: it never costs the job.
	 * @return what {@code exit} needs to restore the thread
	 */
	public @Nullable Object enter() {
		KernelJob previous = WorkerContextHolder.bind(this);
		JobBinding binding = this.binding;
		if (binding == null) {
			return previous; // no allocation on the common path
		}
		Object token;
		try {
			token = binding.bind();
		}
		catch (RuntimeException ex) {
			logger.warn("Binding " + binding + " of " + this + " failed; the job goes on without it", ex);
			return previous;
		}
		return new Entered(previous, binding, token);
	}

	/**
	 * Restores what the calling thread had bound before {@link #enter()}.
	 * @param token the value {@code enter} returned on this thread
	 */
	public static void exit(@Nullable Object token) {
		if (token instanceof Entered entered) {
			try {
				entered.binding.restore(entered.token);
			}
			catch (RuntimeException ex) {
				logger.warn("Restoring binding " + entered.binding + " failed", ex);
			}
			WorkerContextHolder.restore(entered.previous);
		}
		else {
			WorkerContextHolder.restore((KernelJob) token);
		}
	}

	/**
	 * Marks the job as ended: its worker has finished with it and may take its next job,
	 * so a worker-scoped bean used on its behalf from now on may be in use by that next
	 * job.
	 */
	public void end() {
		this.ended = true;
	}

	/**
	 * Tells whether the worker has finished with this job.
	 * @return {@code true} once the job has ended
	 */
	public boolean hasEnded() {
		return this.ended;
	}

	@Override
	public String toString() {
		return "Job[pool=" + poolName() + ", worker=" + workerId() + ", number=" + this.number + "]";
	}

	private record Entered(@Nullable KernelJob previous, JobBinding binding, @Nullable Object token) {
	}

	/**
	 * Told when a job has finished.
	 */
	@FunctionalInterface
	public interface Listener {

		/**
		 * Called once, on the thread that released the job's last hold.
		 * @param job the finished job
		 */
		void jobFinished(KernelJob job);

	}

}
