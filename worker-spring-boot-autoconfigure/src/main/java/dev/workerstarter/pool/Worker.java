package dev.workerstarter.pool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.workerstarter.event.WorkerExceptionEvent;
import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.kernel.Job;
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

	private static final long BOOT_RETRY_SECONDS = 1;

	private final int id;

	private final WorkerPool pool;

	private volatile Kernel kernel;

	private volatile MiddlewareChain middlewares;

	// A rolling reset's request to reboot this worker, taken by whoever holds the worker next.
	private final AtomicReference<@Nullable CompletableFuture<Void>> reset = new AtomicReference<>();

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
		return this.kernel.startJob(this);
	}

	@Override
	public void jobFinished(Job job) {
		// Resets, listeners and reboots are application code: keep them off the thread that
		// completed the response (often an event loop) unless there is nothing to run.
		if (job.exception() == null && !job.kernel().needsReset(job)) {
			complete(job);
		}
		else {
			job.kernel().execute(() -> complete(job));
		}
	}

	private void complete(Job job) {
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
		if (required != null) {
			reason = required;
		}
		CompletableFuture<Void> resetDone = this.reset.getAndSet(null);
		if (resetDone != null && reason == null) {
			reason = RebootReason.RESET;
		}
		if (reason != null) {
			reboot(reason, job.jobNumber(), resetDone);
		}
		else {
			this.pool.release(this);
		}
	}

	/**
	 * Asks for a reboot with reason {@link RebootReason#RESET}: after the current job if the
	 * worker is busy, at once through {@link #tryResetIdle()} if it is idle.
	 * @return completes once the worker is back in the pool with a new kernel
	 */
	CompletableFuture<Void> requestReset() {
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.reset.set(done);
		return done;
	}

	/**
	 * Takes the worker out of the pool and reboots it if a reset is pending and the worker is
	 * idle.
	 * @return {@code false} if the reset is still pending on a worker that is neither idle nor
	 * finishing a job yet (try again)
	 */
	boolean tryResetIdle() {
		CompletableFuture<Void> done = this.reset.get();
		if (done == null) {
			return true; // taken by the completion of a job
		}
		if (!this.pool.removeIdle(this)) {
			return false;
		}
		if (this.reset.compareAndSet(done, null)) {
			reboot(RebootReason.RESET, this.kernel.jobs(), done);
		}
		else {
			this.pool.release(this); // a job's completion took the reset and already rebooted it
		}
		return true;
	}

	/**
	 * Replaces the kernel: destroys the old kernel's beans and creates the new kernel's beans
	 * on the new kernel's thread, then returns the worker to the pool. Call it only while the
	 * worker is out of the pool and idle.
	 * @param reason why the kernel is rebooted
	 * @param jobsHandled how many jobs the old kernel handled
	 * @param done completed once the worker is back in the pool, or {@code null}
	 */
	private void reboot(RebootReason reason, long jobsHandled, @Nullable CompletableFuture<Void> done) {
		Kernel old = this.kernel;
		Kernel next = new Kernel(this.id, old.generation() + 1);
		Runnable replace = () -> replace(old, next, reason, jobsHandled, done);
		if (old.isEmpty() && !this.pool.bootstrap().createsBeans()) {
			// Nothing to destroy or create: no thread to start, which keeps `always` cheap.
			// The new kernel's thread still starts afresh if a blocking handler needs it.
			replace.run();
		}
		else {
			next.execute(replace);
		}
	}

	private void replace(Kernel old, Kernel next, RebootReason reason, long jobsHandled,
			@Nullable CompletableFuture<Void> done) {
		old.destroy();
		Throwable failure = boot(next);
		if (failure != null) {
			logger.error("Worker " + this.id + " could not boot a new kernel; retrying in " + BOOT_RETRY_SECONDS + "s",
					failure);
			this.pool.publish(new WorkerExceptionEvent(this.pool, this.id, 0, failure));
			next.destroy();
			CompletableFuture.delayedExecutor(BOOT_RETRY_SECONDS, TimeUnit.SECONDS)
				.execute(() -> reboot(reason, jobsHandled, done));
			return;
		}
		this.pool.publish(new WorkerKernelRebootedEvent(this.pool, this.id, reason, jobsHandled));
		this.pool.release(this);
		if (done != null) {
			done.complete(null);
		}
	}

	/**
	 * Boots a kernel on the calling thread (the kernel's own) and makes it the worker's kernel
	 * on success.
	 * @param kernel the kernel to boot
	 * @return the failure, or {@code null}
	 */
	@Nullable Throwable boot(Kernel kernel) {
		try {
			this.middlewares = this.pool.bootstrap().boot(kernel);
			this.pool.policy().kernelBooted(this.id);
			this.kernel = kernel;
			return null;
		}
		catch (RuntimeException | Error ex) {
			return ex;
		}
	}

	/**
	 * Destroys the current kernel for good.
	 */
	void stop() {
		this.kernel.destroy();
	}

	@Override
	public String toString() {
		return "Worker[" + this.id + "]";
	}

}
