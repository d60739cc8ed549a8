package dev.workerstarter.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.workerstarter.event.WorkerExceptionEvent;
import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.kernel.Job;
import dev.workerstarter.kernel.JobBinding;
import dev.workerstarter.kernel.JobOutcome;
import dev.workerstarter.kernel.Kernel;
import dev.workerstarter.middleware.MiddlewareChain;
import dev.workerstarter.reboot.RebootReason;

/**
 * A long-lived worker: handles one job at a time on its current kernel, and after each job
 * resets, asks the reboot strategies and, if any says so, replaces its kernel before it goes
 * back to the pool.
 */
public final class Worker implements Job.Listener {

	private static final Log logger = LogFactory.getLog(Worker.class);

	private static final VarHandle CURRENT;

	static {
		try {
			CURRENT = MethodHandles.lookup().findVarHandle(Worker.class, "current", Job.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private static final Duration FIRST_BOOT_RETRY = Duration.ofSeconds(1);

	private static final Duration LAST_BOOT_RETRY = Duration.ofSeconds(30);

	private final int id;

	private final WorkerPool pool;

	private final long createdNanos = System.nanoTime();

	private volatile Kernel kernel;

	private volatile MiddlewareChain middlewares;

	// IDLE, REBOOTING, FAILED or STOPPED; BUSY is told by the current job, which spares the hot
	// path a write per job
	private volatile WorkerState state = WorkerState.REBOOTING;

	// Written with release semantics only: readers (supervisor, endpoint) need no fence per job.
	private volatile @Nullable Job current;

	private volatile long previousKernelsJobs;

	private volatile @Nullable RebootReason lastRebootReason;

	private volatile @Nullable Instant lastRebootTime;

	// A reboot asked for from outside (rolling reset, supervisor), taken by whoever holds the
	// worker next: the completion of its current job, or tryRebootIdle() while it is idle.
	private final AtomicReference<@Nullable PendingReboot> pendingReboot = new AtomicReference<>();

	Worker(int id, WorkerPool pool, Kernel kernel, MiddlewareChain middlewares) {
		this.id = id;
		this.pool = pool;
		this.kernel = kernel;
		this.middlewares = middlewares;
	}

	/**
	 * Returns the worker's id, from {@code 1} to the pool size.
	 * @return the id
	 */
	public int id() {
		return this.id;
	}

	/**
	 * Returns the worker's current kernel.
	 * @return the kernel
	 */
	public Kernel kernel() {
		return this.kernel;
	}

	/**
	 * Returns the middleware chain resolved for the current kernel.
	 * @return the middleware chain
	 */
	public MiddlewareChain middlewares() {
		return this.middlewares;
	}

	/**
	 * Starts the next job on the current kernel. Only the holder of the worker may call it.
	 * @return the job; the worker goes back to the pool once the job has finished
	 */
	public Job startJob() {
		Job job = this.kernel.startJob(this);
		JobBinding binding = this.pool.bindings().create(job);
		if (binding != null) {
			job.binding(binding);
		}
		CURRENT.setRelease(this, job);
		this.pool.listener().jobStarted(job);
		return job;
	}

	WorkerState state() {
		return (this.current != null) ? WorkerState.BUSY : this.state;
	}

	@Nullable Job currentJob() {
		return this.current;
	}

	WorkerInfo info(long now) {
		Kernel kernel = this.kernel;
		Job job = this.current;
		long jobs = kernel.jobs();
		return new WorkerInfo(this.id, state(), jobs, this.previousKernelsJobs + jobs, kernel.generation() + 1,
				this.lastRebootReason, this.lastRebootTime,
				(job != null) ? Duration.ofNanos(now - job.startNanos()) : null,
				Duration.ofNanos(now - this.createdNanos));
	}

	@Override
	public void jobFinished(Job job) {
		this.pool.listener().jobFinished(job, job.outcome());
		if (this.state == WorkerState.STOPPED) {
			return; // a job that outlived the destroy timeout: its kernel is gone
		}
		// Resets, listeners and strategies are application code: keep them off the thread that
		// completed the response (often an event loop) unless there is nothing to run, and run
		// them with the job bound; but not the hand-over, which may start the next job here.
		if (job.exception() == null && !job.kernel().needsReset(job)) {
			complete(job, rebootReason(job));
		}
		else {
			job.kernel().execute(() -> complete(job, job.bound(() -> rebootReason(job))));
		}
	}

	// Resets the job's beans, tells of its exception, and asks the strategies.
	private @Nullable RebootReason rebootReason(Job job) {
		Throwable resetFailure = job.kernel().reset(job);
		if (resetFailure != null) {
			job.recordException(resetFailure);
			job.requireReboot(RebootReason.EXCEPTION);
		}
		Throwable exception = job.exception();
		if (exception != null) {
			this.pool.publish(new WorkerExceptionEvent(this.pool, this.id, job.jobNumber(), exception));
		}
		RebootReason reason;
		try {
			reason = this.pool.policy().evaluate(job);
		}
		catch (RuntimeException ex) {
			// a strategy that cannot decide leaves the kernel's state unknown: replace it
			logger.error("A kernel reboot strategy failed on " + job + "; rebooting the kernel", ex);
			reason = RebootReason.EXCEPTION;
		}
		RebootReason required = job.requiredReboot();
		return (required != null) ? required : reason;
	}

	private void complete(Job job, @Nullable RebootReason reason) {
		Reboot reboot = rebootAfterJob(reason, job.jobNumber());
		if (reboot != null) {
			Kernel old = job.kernel();
			reboot(old, old::destroy, reboot);
		}
		else {
			CURRENT.setRelease(this, null);
			backToPool();
		}
	}

	// The strategies' reboot, which serves a pending request too; else the pending request's
	// if the rolling slot is free now; else none.
	private @Nullable Reboot rebootAfterJob(@Nullable RebootReason reason, long jobsHandled) {
		PendingReboot pending = this.pendingReboot.get();
		if (pending == null) {
			return (reason != null) ? new Reboot(reason, jobsHandled, null, false) : null;
		}
		if (reason != null) {
			boolean served = this.pendingReboot.compareAndSet(pending, null);
			return new Reboot(reason, jobsHandled, served ? pending : null, false);
		}
		if (pending.reason() == RebootReason.IDLE_TTL) {
			dropPendingReboot(null); // the kernel is not idle any more
			return null;
		}
		if (!this.pool.reboots().tryStart()) {
			return null; // another worker is rebooting; this one's turn comes when it is idle
		}
		if (!this.pendingReboot.compareAndSet(pending, null)) {
			this.pool.reboots().finished(); // the pool stopped and dropped the request meanwhile
			return null;
		}
		return new Reboot(pending.reason(), jobsHandled, pending, true);
	}

	/**
	 * Ends a job that ran past the exec TTL, unless it has just finished: its handling is
	 * cancelled and its client answered with the error, the kernel's thread is interrupted, and
	 * the worker goes on at once with a new kernel on a new thread. The old kernel's beans are
	 * destroyed on the old thread if it ever returns.
	 * @param job the worker's current job
	 * @param execTtl the limit it passed
	 */
	void expire(Job job, Duration execTtl) {
		JobTimeoutException timeout = new JobTimeoutException(execTtl);
		if (!job.expire(timeout)) {
			return;
		}
		Kernel old = job.kernel();
		old.interrupt();
		this.pool.listener().jobFinished(job, JobOutcome.TIMEOUT);
		this.pool.listener().workerReplaced(this.id, ReplacementCause.EXEC_TTL);
		this.pool.publish(new WorkerExceptionEvent(this.pool, this.id, job.jobNumber(), timeout));
		reboot(old, old::abandon,
				new Reboot(RebootReason.EXCEPTION, job.jobNumber(), this.pendingReboot.getAndSet(null), false));
	}

	/**
	 * Asks for a reboot through the {@link RollingReboots}; joins the request already pending,
	 * if any.
	 * @param reason the reason to report, unless the job's strategies give one
	 * @return the pending request, completed once the worker is back in the pool with a new
	 * kernel
	 */
	PendingReboot requestReboot(RebootReason reason) {
		PendingReboot fresh = new PendingReboot(reason, new CompletableFuture<>());
		PendingReboot pending = this.pendingReboot.compareAndExchange(null, fresh);
		return (pending != null) ? pending : fresh;
	}

	/**
	 * Drops the pending reboot request, if any.
	 * @param failure what the request fails with, or {@code null} to complete it
	 */
	void dropPendingReboot(@Nullable Throwable failure) {
		PendingReboot pending = this.pendingReboot.getAndSet(null);
		if (pending == null) {
			return;
		}
		if (failure != null) {
			pending.done().completeExceptionally(failure);
		}
		else {
			pending.done().complete(null);
		}
	}

	/**
	 * Takes the worker out of the pool and reboots it, if a reboot is pending and the worker is
	 * idle. Call it only while holding the {@link RollingReboots} slot.
	 * @return {@code true} if the worker is rebooting and will give the slot back
	 */
	boolean tryRebootIdle() {
		PendingReboot pending = this.pendingReboot.get();
		if (pending == null || !this.pool.removeIdle(this)) {
			return false;
		}
		if (!this.pendingReboot.compareAndSet(pending, null)) {
			this.pool.release(this); // the pool stopped and dropped the request meanwhile
			return false;
		}
		Kernel old = this.kernel;
		reboot(old, old::destroy, new Reboot(pending.reason(), old.jobs(), pending, true));
		return true;
	}

	/**
	 * Replaces the kernel: retires the old kernel and creates the new kernel's beans on the new
	 * kernel's thread, then returns the worker to the pool. Call it only while the worker is out
	 * of the pool and has no job.
	 */
	private void reboot(Kernel old, Runnable retire, Reboot reboot) {
		this.state = WorkerState.REBOOTING;
		CURRENT.setRelease(this, null); // after the state, so that the worker never looks idle meanwhile
		this.pool.listener().rebootStarted(this.id);
		Kernel next = new Kernel(this.id, old.generation() + 1);
		Runnable replace = () -> {
			retire.run();
			this.previousKernelsJobs += old.jobs();
			boot(next, reboot, FIRST_BOOT_RETRY);
		};
		if (old.isEmpty() && !this.pool.bootstrap().createsBeans()) {
			// Nothing to destroy or create: no thread to start, which keeps `always` cheap.
			// The new kernel's thread still starts afresh if a blocking handler needs it.
			replace.run();
		}
		else {
			next.execute(replace);
		}
	}

	private void boot(Kernel next, Reboot reboot, Duration retryDelay) {
		Throwable failure = boot(next, reboot);
		if (failure != null) {
			next.destroy();
			this.state = WorkerState.FAILED;
			logger.error("Worker " + this.id + " could not boot a new kernel; retrying in " + retryDelay, failure);
			this.pool.listener().workerReplaced(this.id, ReplacementCause.BOOT_FAILURE);
			this.pool.publish(new WorkerExceptionEvent(this.pool, this.id, 0, failure));
			this.pool.workerSettled();
			Duration nextDelay = retryDelay.multipliedBy(2);
			this.pool.schedule(() -> {
				if (this.state == WorkerState.STOPPED) {
					return;
				}
				Kernel retry = new Kernel(this.id, next.generation());
				retry.execute(() -> boot(retry, reboot,
						(nextDelay.compareTo(LAST_BOOT_RETRY) < 0) ? nextDelay : LAST_BOOT_RETRY));
			}, retryDelay);
			return;
		}
		if (this.state == WorkerState.STOPPED) {
			next.destroy(); // the pool stopped while the kernel booted
			return;
		}
		this.lastRebootReason = reboot.reason();
		this.lastRebootTime = Instant.now();
		this.pool.publish(new WorkerKernelRebootedEvent(this.pool, this.id, reboot.reason(), reboot.jobsHandled()));
		backToPool();
		if (reboot.pending() != null) {
			reboot.pending().done().complete(null);
		}
		if (reboot.rolling()) {
			this.pool.reboots().finished();
		}
	}

	private void backToPool() {
		if (this.state != WorkerState.IDLE) {
			this.state = WorkerState.IDLE;
		}
		this.pool.release(this);
		if (this.pendingReboot.get() != null) {
			this.pool.reboots().rebootIdle(); // its turn may have come while it was busy
		}
	}

	/**
	 * Boots a kernel on the calling thread (the kernel's own) and makes it the worker's kernel
	 * on success.
	 * @param kernel the kernel to boot
	 * @param reboot the reboot it serves, {@code null} for the worker's first kernel
	 * @return the failure, or {@code null}
	 */
	@Nullable Throwable boot(Kernel kernel, @Nullable Reboot reboot) {
		long start = System.nanoTime();
		try {
			this.middlewares = this.pool.bootstrap().boot(kernel);
			this.pool.policy().kernelBooted(this.id);
			this.kernel = kernel;
			this.pool.listener().kernelBooted(this.id, (reboot != null) ? reboot.reason() : null,
					(reboot != null) ? reboot.jobsHandled() : 0, System.nanoTime() - start);
			return null;
		}
		catch (RuntimeException | Error ex) {
			return ex;
		}
	}

	/**
	 * Joins the pool for the first time, once its first kernel has booted.
	 */
	void start() {
		backToPool();
	}

	/**
	 * Destroys the current kernel for good.
	 */
	void stop() {
		this.state = WorkerState.STOPPED;
		this.kernel.destroy();
	}

	@Override
	public String toString() {
		return "Worker[" + this.id + "]";
	}

	/**
	 * A reboot asked for from outside the worker's jobs.
	 *
	 * @param reason the reason to report
	 * @param done completed once the worker is back in the pool with a new kernel
	 */
	record PendingReboot(RebootReason reason, CompletableFuture<Void> done) {
	}

	/**
	 * A reboot under way.
	 *
	 * @param reason the reason to report
	 * @param jobsHandled how many jobs the old kernel handled
	 * @param pending the request it serves, or {@code null}
	 * @param rolling whether it holds the {@link RollingReboots} slot
	 */
	record Reboot(RebootReason reason, long jobsHandled, @Nullable PendingReboot pending, boolean rolling) {
	}

}
