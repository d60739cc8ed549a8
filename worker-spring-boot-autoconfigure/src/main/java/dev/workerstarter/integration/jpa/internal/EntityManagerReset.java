package dev.workerstarter.integration.jpa.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Schedulers;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerReusable;

/**
 * The reset of one worker-scoped {@link EntityManager}. Its kernel calls {@link #reset()}
 * on the kernel's thread after each job that used the manager, and {@link #beforeReuse()}
 * on the thread about to use it when a later job first does.
 */
final class EntityManagerReset implements WorkerReusable {

	private static final Log logger = LogFactory.getLog(EntityManagerReset.class);

	private final EntityManager entityManager;

	// False for a JTA manager, whose transactions the container ends.
	private final boolean resourceLocal;

	private final @Nullable HeldConnection connection;

	private final long validateAfterIdleNanos;

	// Written after a job, read before the next one: the pool's hand-over orders the two.
	private long lastUsedNanos = System.nanoTime();

	EntityManagerReset(EntityManager entityManager, @Nullable HeldConnection connection, long validateAfterIdleNanos) {
		this.entityManager = entityManager;
		this.resourceLocal = isResourceLocal(entityManager);
		this.connection = connection;
		this.validateAfterIdleNanos = validateAfterIdleNanos;
	}

	private static boolean isResourceLocal(EntityManager entityManager) {
		try {
			entityManager.getTransaction();
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	@Override
	public void reset() {
		if (!this.entityManager.isOpen()) {
			rebootKernel("closed its worker-scoped EntityManager");
			return;
		}
		EntityTransaction transaction = this.resourceLocal ? this.entityManager.getTransaction() : null;
		if (transaction != null && transaction.isActive()) {
			boolean rollbackOnly = transaction.getRollbackOnly();
			transaction.rollback();
			if (rollbackOnly) {
				rebootKernel("left the transaction of its worker-scoped EntityManager marked rollback-only");
				return;
			}
			WorkerContext job = currentJob();
			logger.warn("Job " + job.jobNumber() + " of worker " + job.workerId()
					+ " left a transaction of a worker-scoped EntityManager open; it was rolled back");
		}
		this.entityManager.clear();
		this.lastUsedNanos = System.nanoTime();
	}

	// JDBC blocks: never where blocking is forbidden (an event loop); a blocking handler
	// uses
	// the manager on its worker's own thread.
	@Override
	public void beforeReuse() {
		HeldConnection connection = this.connection;
		if (connection != null && System.nanoTime() - this.lastUsedNanos >= this.validateAfterIdleNanos
				&& !Schedulers.isInNonBlockingThread()) {
			connection.replaceIfDead(currentJob());
		}
	}

	private void rebootKernel(String what) {
		WorkerContext job = currentJob();
		logger.info("Job " + job.jobNumber() + " of worker " + job.workerId() + " " + what
				+ "; rebooting the worker's kernel");
		job.requestKernelReboot();
	}

	private static WorkerContext currentJob() {
		return WorkerContext.current()
			.orElseThrow(() -> new IllegalStateException("A worker-scoped EntityManager was reset outside a job"));
	}

}
