package dev.workerstarter.pool.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.workerstarter.event.WorkerExceptionEvent;
import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.kernel.JobBinding;
import dev.workerstarter.kernel.JobOutcome;
import dev.workerstarter.kernel.internal.Kernel;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.middleware.internal.MiddlewareChain;
import dev.workerstarter.pool.JobTimeoutException;
import dev.workerstarter.pool.JobWork;
import dev.workerstarter.pool.ReplacementCause;
import dev.workerstarter.pool.WorkDescription;
import dev.workerstarter.pool.WorkerInfo;
import dev.workerstarter.pool.WorkerState;
import dev.workerstarter.pool.internal.RollingReboots.Reboot;
import dev.workerstarter.reboot.RebootReason;

/**
 * A long-lived worker: handles one job at a time on its current kernel, and after each
 * job resets, asks the reboot strategies and, if any says so, replaces its kernel before
 * it goes back to the pool.
 * <p>
 * Its states, and what moves it from one to the next:
 * <table>
 * <caption>Worker states</caption>
 * <tr>
 * <th>From</th>
 * <th>Event</th>
 * <th>To</th>
 * </tr>
 * <tr>
 * <td>REBOOTING</td>
 * <td>its kernel has booted</td>
 * <td>IDLE, in the pool</td>
 * </tr>
 * <tr>
 * <td>REBOOTING</td>
 * <td>its kernel failed to boot</td>
 * <td>FAILED, a retry scheduled</td>
 * </tr>
 * <tr>
 * <td>FAILED</td>
 * <td>a boot retry succeeded</td>
 * <td>IDLE, in the pool</td>
 * </tr>
 * <tr>
 * <td>IDLE</td>
 * <td>a job run takes it ({@link #startJob(JobWork)})</td>
 * <td>BUSY</td>
 * </tr>
 * <tr>
 * <td>IDLE</td>
 * <td>the rolling reboots take it for a pending request</td>
 * <td>REBOOTING</td>
 * </tr>
 * <tr>
 * <td>BUSY</td>
 * <td>its job ended and nothing asks for a reboot</td>
 * <td>IDLE, in the pool</td>
 * </tr>
 * <tr>
 * <td>BUSY</td>
 * <td>its job ended and a strategy or a pending request asks for a reboot</td>
 * <td>REBOOTING</td>
 * </tr>
 * <tr>
 * <td>BUSY</td>
 * <td>its job passed the exec TTL</td>
 * <td>REBOOTING, on a new thread</td>
 * </tr>
 * <tr>
 * <td>any</td>
 * <td>the pool stops</td>
 * <td>STOPPED, for good</td>
 * </tr>
 * </table>
 * Only the holder of a worker moves it: the job run between IDLE and the job's end, the
 * worker itself while it reboots, the rolling reboots while it is idle, the supervisor on
 * expiry.
 */
public final class Worker implements KernelJob.Listener {

	private static final Log logger = LogFactory.getLog(Worker.class);

	private static final VarHandle CURRENT;

	private static final VarHandle STATE;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			CURRENT = lookup.findVarHandle(Worker.class, "current", KernelJob.class);
			STATE = lookup.findVarHandle(Worker.class, "state", WorkerState.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private static final Duration FIRST_BOOT_RETRY = Duration.ofSeconds(1);

	private static final Duration LAST_BOOT_RETRY = Duration.ofSeconds(30);

	private final int id;

	private final WorkerServices services;

	// The first kernel's: a worker starts with it.
	private final long createdNanos;

	private volatile Kernel kernel;

	private volatile MiddlewareChain middlewares = MiddlewareChain.EMPTY;

	// IDLE, REBOOTING, FAILED or STOPPED; BUSY is told by the current job, which spares
	// the hot
	// path a write per job
	private volatile WorkerState state = WorkerState.REBOOTING;

	// Written with release semantics only: readers (supervisor, endpoint) need no fence
	// per job.
	private volatile @Nullable KernelJob current;

	private volatile long previousKernelsJobs;

	private volatile @Nullable RebootReason lastRebootReason;

	private volatile @Nullable Instant lastRebootTime;

	Worker(int id, Kernel kernel, WorkerServices services) {
		this.id = id;
		this.kernel = kernel;
		this.createdNanos = kernel.createdNanos();
		this.services = services;
	}

	/**
	 * Returns the worker's id, from {@code 1} to the pool size.
	 * @return the id
	 */
	public int id() {
		return this.id;
	}

	/**
	 * Returns the worker running a job.
	 * @param job a job a worker started ({@link #startJob(JobWork)})
	 * @return its worker
	 */
	public static Worker of(KernelJob job) {
		return (Worker) job.listener();
	}

	private String poolName() {
		return this.kernel.poolName();
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

	// Only the job run holding the worker calls it. The hooks are isolated: it never
	// throws.
	KernelJob startJob(@Nullable JobWork<?> work) {
		KernelJob job = this.kernel.startJob(this);
		job.work(work);
		JobBinding binding = binding(job);
		if (binding != null) {
			job.binding(binding);
		}
		CURRENT.setRelease(this, job);
		this.services.listener().jobStarted(job);
		return job;
	}

	private @Nullable JobBinding binding(KernelJob job) {
		try {
			return this.services.bindings().create(job);
		}
		catch (RuntimeException ex) {
			logger.warn("Making the binding of " + job + " failed; the job goes on without it", ex);
			return null;
		}
	}

	WorkerState state() {
		return state(this.current);
	}

	private WorkerState state(@Nullable KernelJob current) {
		WorkerState state = this.state;
		return (state != WorkerState.STOPPED && current != null) ? WorkerState.BUSY : state;
	}

	@Nullable KernelJob currentJob() {
		return this.current;
	}

	WorkerInfo info() {
		Kernel kernel = this.kernel;
		KernelJob job = this.current;
		long jobs = kernel.jobs();
		// Timed after the reads: the job or the kernel may be newer than the caller's
		// clock.
		long now = System.nanoTime();
		Duration elapsed = (job != null) ? Duration.ofNanos(now - job.startNanos()) : null;
		return new WorkerInfo(this.id, state(job), (job != null) ? describe(job) : null,
				(elapsed != null) ? Instant.now().minus(elapsed) : null, elapsed, jobs, this.previousKernelsJobs + jobs,
				kernel.generation() + 1, Duration.ofNanos(now - kernel.createdNanos()), kernel.cpuTime(),
				kernel.allocatedBytes(), this.lastRebootReason, this.lastRebootTime,
				Duration.ofNanos(now - this.createdNanos));
	}

	// Application code may describe its work: a failing description costs no snapshot.
	private static @Nullable WorkDescription describe(KernelJob job) {
		if (!(job.work() instanceof JobWork<?> work)) {
			return null;
		}
		try {
			return work.describe();
		}
		catch (RuntimeException ex) {
			logger.debug("Describing " + job + " failed", ex);
			return null;
		}
	}

	@Override
	public void jobFinished(KernelJob job) {
		this.services.listener().jobFinished(job, job.outcome());
		if (this.state == WorkerState.STOPPED) {
			job.end();
			return; // a job that outlived the destroy timeout: its kernel is gone
		}
		// Resets, listeners and strategies are application code: keep them off the thread
		// that completed the response (often an event loop) unless there is nothing to
		// run, and run them with the job bound; but not the hand-over, which may start
		// the next job here.
		if (job.exception() == null && !job.kernel().needsReset(job)) {
			complete(job, rebootReason(job));
			return;
		}
		try {
			job.kernel().execute(() -> complete(job, job.bound(() -> rebootReason(job))));
		}
		catch (RejectedExecutionException ex) {
			job.end(); // the pool stopped and destroyed the kernel meanwhile
		}
	}

	// Resets the job's beans, tells of its exception, and asks the strategies.
	private @Nullable RebootReason rebootReason(KernelJob job) {
		Throwable resetFailure = job.kernel().reset(job);
		if (resetFailure != null) {
			job.recordException(resetFailure);
			job.forceReboot(RebootReason.EXCEPTION);
		}
		Throwable exception = job.exception();
		if (exception != null) {
			this.services.events()
				.accept(new WorkerExceptionEvent(this.services.source(), poolName(), this.id, job.jobNumber(),
						exception));
		}
		RebootReason reason;
		try {
			reason = this.services.policy().evaluate(job);
		}
		catch (RuntimeException ex) {
			// a strategy that cannot decide leaves the kernel's state unknown: replace it
			logger.error("A kernel reboot strategy failed on " + job + "; rebooting the kernel", ex);
			reason = RebootReason.EXCEPTION;
		}
		RebootReason required = job.forcedReboot();
		return (required != null) ? required : reason;
	}

	private void complete(KernelJob job, @Nullable RebootReason reason) {
		job.end();
		Reboot reboot = this.services.reboots().afterJob(this, reason, job.jobNumber());
		if (reboot != null) {
			Kernel old = job.kernel();
			reboot(old, old::destroy, reboot);
		}
		else {
			CURRENT.setRelease(this, null);
			backToPool();
		}
	}

	/**
	 * Ends a job that ran past the exec TTL, unless it has just finished: its handling is
	 * cancelled and its client answered with the error, the kernel's thread is
	 * interrupted, and the worker goes on at once with a new kernel on a new thread. The
	 * old kernel's beans are destroyed on the old thread if it ever returns.
	 * @param job the worker's current job
	 * @param execTtl the limit it passed
	 * @param execTtlKey the key of that limit
	 */
	void expire(KernelJob job, Duration execTtl, String execTtlKey) {
		JobTimeoutException timeout = new JobTimeoutException(execTtl, execTtlKey);
		if (!job.expire(timeout)) {
			return;
		}
		job.end();
		Kernel old = job.kernel();
		old.interrupt();
		this.services.listener().jobFinished(job, JobOutcome.TIMEOUT);
		this.services.listener().workerReplaced(this.id, ReplacementCause.EXEC_TTL);
		this.services.events()
			.accept(new WorkerExceptionEvent(this.services.source(), poolName(), this.id, job.jobNumber(), timeout));
		reboot(old, old::abandon,
				new Reboot(RebootReason.EXCEPTION, job.jobNumber(), this.services.reboots().take(this), false));
	}

	/**
	 * Takes the worker out of the pool, if it is idle there, for the rolling reboots.
	 * @return {@code true} if the caller now holds the worker
	 */
	boolean leaveIdle() {
		return this.services.queue().removeIdle(this);
	}

	/**
	 * Gives back a worker taken with {@link #leaveIdle()} and not rebooted.
	 */
	void rejoin() {
		backToPool();
	}

	/**
	 * Reboots a worker taken with {@link #leaveIdle()}.
	 * @param reboot the reboot
	 */
	void rebootIdle(Reboot reboot) {
		Kernel old = this.kernel;
		reboot(old, old::destroy, reboot);
	}

	/**
	 * Replaces the kernel: retires the old kernel and creates the new kernel's beans on
	 * the new kernel's thread, then returns the worker to the pool. Call it only while
	 * holding the worker out of the pool with no job.
	 * @param old the kernel to replace
	 * @param retire how the old kernel is retired: destroyed or abandoned
	 * @param reboot the reboot
	 */
	private void reboot(Kernel old, Runnable retire, Reboot reboot) {
		if (!moveTo(WorkerState.REBOOTING)) {
			return; // stopped
		}
		// after the state, so that the worker never looks idle meanwhile
		CURRENT.setRelease(this, null);
		this.services.listener().rebootStarted(this.id);
		Kernel next = this.services.bootstrap().newKernel(poolName(), this.id, old.generation() + 1);
		Runnable replace = () -> {
			retire.run();
			this.previousKernelsJobs += old.jobs();
			boot(next, reboot, FIRST_BOOT_RETRY);
		};
		if (old.isEmpty() && !this.services.bootstrap().createsBeans()) {
			// Nothing to destroy or create: no thread to start, which keeps `always`
			// cheap.
			// The new kernel's thread still starts afresh if a blocking handler needs it.
			replace.run();
		}
		else {
			next.execute(replace);
		}
	}

	private void boot(Kernel next, @Nullable Reboot reboot, Duration retryDelay) {
		Throwable failure = boot(next, reboot);
		if (failure != null) {
			next.destroy();
			if (!moveTo(WorkerState.FAILED)) {
				return;
			}
			logger.error("Worker " + this.id + " could not boot a new kernel; retrying in " + retryDelay, failure);
			this.services.reboots().failed(this, reboot);
			this.services.listener().workerReplaced(this.id, ReplacementCause.BOOT_FAILURE);
			this.services.events()
				.accept(new WorkerExceptionEvent(this.services.source(), poolName(), this.id, 0, failure));
			this.services.settled().run();
			Duration nextDelay = retryDelay.multipliedBy(2);
			RebootReason reason = (reboot != null) ? reboot.reason() : RebootReason.EXCEPTION;
			Reboot retry = new Reboot(reason, 0, null, false);
			this.services.timer().schedule(() -> {
				if (this.state == WorkerState.STOPPED) {
					return;
				}
				Kernel again = this.services.bootstrap().newKernel(poolName(), this.id, next.generation());
				again.execute(() -> boot(again, retry,
						(nextDelay.compareTo(LAST_BOOT_RETRY) < 0) ? nextDelay : LAST_BOOT_RETRY));
			}, retryDelay.toNanos(), TimeUnit.NANOSECONDS);
			return;
		}
		if (this.state == WorkerState.STOPPED) {
			next.destroy(); // the pool stopped while the kernel booted
			return;
		}
		if (reboot != null) {
			this.lastRebootReason = reboot.reason();
			this.lastRebootTime = Instant.now();
			this.services.events()
				.accept(new WorkerKernelRebootedEvent(this.services.source(), poolName(), this.id, reboot.reason(),
						reboot.jobsHandled()));
		}
		backToPool();
		if (reboot != null) {
			this.services.reboots().booted(reboot);
		}
	}

	// Moves to a state unless the worker has stopped, which is final.
	private boolean moveTo(WorkerState next) {
		for (;;) {
			WorkerState current = this.state;
			if (current == WorkerState.STOPPED) {
				return false;
			}
			if (current == next || STATE.compareAndSet(this, current, next)) {
				return true;
			}
		}
	}

	private void backToPool() {
		if (!moveTo(WorkerState.IDLE)) {
			return; // stopped: its kernel is destroyed, and it takes no more jobs
		}
		this.services.queue().release(this);
		if (this.state == WorkerState.STOPPED) {
			// the pool stopped after the move, and may have cleared its idle ones before
			// this release
			this.services.queue().removeIdle(this);
			return;
		}
		this.services.settled().run();
		this.services.reboots().idle(this);
	}

	/**
	 * Boots a kernel on the calling thread (the kernel's own) and makes it the worker's
	 * kernel on success.
	 * @param kernel the kernel to boot
	 * @param reboot the reboot it serves, {@code null} for the worker's first kernel
	 * @return the failure, or {@code null}
	 */
	@Nullable Throwable boot(Kernel kernel, @Nullable Reboot reboot) {
		long start = System.nanoTime();
		try {
			this.middlewares = this.services.bootstrap().boot(kernel);
			this.services.policy().kernelBooted(this.id);
			this.kernel = kernel;
		}
		catch (RuntimeException | Error ex) {
			return ex;
		}
		this.services.listener()
			.kernelBooted(this.id, (reboot != null) ? reboot.reason() : null,
					(reboot != null) ? reboot.jobsHandled() : 0, System.nanoTime() - start);
		return null;
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

}
