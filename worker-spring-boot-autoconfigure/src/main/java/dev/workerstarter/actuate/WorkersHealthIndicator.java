package dev.workerstarter.actuate;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import dev.workerstarter.pool.WorkerInfo;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerState;

/**
 * {@link HealthIndicator} of a worker pool: {@link Status#OUT_OF_SERVICE} when the pool
 * does not take requests (not started, or draining on shutdown), {@link Status#DOWN} when
 * no worker is {@linkplain WorkerState#isServing() serving} (every kernel failed to
 * boot), {@link Status#UP} otherwise. Its details count the workers in each state and the
 * requests waiting for one.
 */
public class WorkersHealthIndicator extends AbstractHealthIndicator {

	private final WorkerPool pool;

	/**
	 * Creates the indicator.
	 * @param pool the pool to check
	 */
	public WorkersHealthIndicator(WorkerPool pool) {
		super("Worker pool health check failed");
		this.pool = pool;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<WorkerInfo> workers = this.pool.workers();
		Map<WorkerState, Integer> states = new EnumMap<>(WorkerState.class);
		for (WorkerInfo worker : workers) {
			states.merge(worker.state(), 1, Integer::sum);
		}
		if (!this.pool.isAccepting()) {
			builder.outOfService();
		}
		else if (workers.stream().noneMatch((worker) -> worker.state().isServing())) {
			builder.down();
		}
		else {
			builder.up();
		}
		builder.withDetail("size", this.pool.size())
			.withDetail("idle", states.getOrDefault(WorkerState.IDLE, 0))
			.withDetail("busy", states.getOrDefault(WorkerState.BUSY, 0))
			.withDetail("rebooting", states.getOrDefault(WorkerState.REBOOTING, 0))
			.withDetail("failed", states.getOrDefault(WorkerState.FAILED, 0))
			.withDetail("waiting", this.pool.waitingCount());
	}

}
