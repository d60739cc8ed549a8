package dev.workerstarter.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.workerstarter.pool.WorkerInfo;
import dev.workerstarter.pool.WorkerState;
import dev.workerstarter.pool.internal.WorkerPool;
import dev.workerstarter.reboot.RebootReason;

/**
 * {@link Endpoint @Endpoint} that shows the worker pool and each of its workers, and runs
 * a rolling reset of their kernels. Over HTTP: {@code GET /actuator/workers}, {@code GET
 * /actuator/workers/{id}} and {@code POST /actuator/workers/reset}.
 */
@Endpoint(id = "workers")
public class WorkersEndpoint {

	private static final String RESET = "reset";

	private final WorkerPool pool;

	/**
	 * Creates the endpoint.
	 * @param pool the pool to show and reset
	 */
	public WorkersEndpoint(WorkerPool pool) {
		this.pool = pool;
	}

	/**
	 * Returns the state of the pool and a snapshot of every worker.
	 * @return the pool
	 */
	@ReadOperation
	public PoolDescriptor workers() {
		List<WorkerDescriptor> workers = this.pool.workers().stream().map(WorkerDescriptor::of).toList();
		return new PoolDescriptor(PoolState.of(this.pool), this.pool.size(), this.pool.idleCount(),
				this.pool.waitingCount(), workers);
	}

	/**
	 * Returns a snapshot of one worker.
	 * @param id the worker id, from {@code 1} to the pool size
	 * @return the worker, or {@code null} (not found) if there is none with that id
	 */
	@ReadOperation
	public @Nullable WorkerDescriptor worker(@Selector int id) {
		return this.pool.worker(id).map(WorkerDescriptor::of).orElse(null);
	}

	/**
	 * Runs an action on the pool. The only action is {@code reset}: a rolling reset that
	 * reboots every worker's kernel one worker at a time while the others keep taking
	 * requests.
	 * @param action the action, {@code reset}
	 * @return completes once every worker is back with a new kernel or skipped (its
	 * kernel cannot boot); fails if the request itself runs on a worker
	 * @throws InvalidEndpointRequestException (bad request) for any other action
	 * @see WorkerPool#rollingReset()
	 */
	@WriteOperation
	public Mono<ResetDescriptor> run(@Selector String action) {
		if (!RESET.equals(action)) {
			throw new InvalidEndpointRequestException("Unknown action '" + action + "', the only action is 'reset'",
					"Unknown action, the only action is 'reset'");
		}
		return Mono.defer(() -> {
			int workers = this.pool.workers().size();
			long start = System.nanoTime();
			return this.pool.rollingReset()
				.map((result) -> new ResetDescriptor(workers, result.rebooted(), result.skipped(), since(start)));
		});
	}

	private static Duration since(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

	/**
	 * Whether the pool takes requests.
	 */
	public enum PoolState {

		/** Started and giving requests workers. */
		RUNNING,

		/** Stopping: requests are rejected while the jobs in flight finish. */
		DRAINING,

		/** Not started, or stopped: no workers. */
		STOPPED;

		static PoolState of(WorkerPool pool) {
			if (pool.isAccepting()) {
				return RUNNING;
			}
			return pool.isRunning() ? DRAINING : STOPPED;
		}

	}

	/**
	 * The pool and its workers.
	 *
	 * @param state whether the pool takes requests
	 * @param size the number of workers
	 * @param idle the workers free to take a request
	 * @param waiting the requests waiting for a worker
	 * @param workers a snapshot of every worker, by id; empty when the pool is stopped
	 */
	public record PoolDescriptor(PoolState state, int size, int idle, int waiting,
			List<WorkerDescriptor> workers) implements OperationResponseBody {
	}

	/**
	 * One worker. Its fields are always written, {@code null} included: the endpoint JSON
	 * mapper leaves out {@code null} values otherwise, and a worker that was never
	 * rebooted or has no job should still show every field.
	 *
	 * @param id the worker id, from {@code 1} to the pool size
	 * @param state what the worker is doing
	 * @param kernelJobs jobs started by the current kernel
	 * @param totalJobs jobs started by all of the worker's kernels
	 * @param kernelBoots kernels the worker has booted, the current one included
	 * @param lastRebootReason why the kernel was last rebooted, or {@code null} if it
	 * never was
	 * @param lastRebootTime when the kernel was last rebooted, or {@code null} if it
	 * never was
	 * @param currentJobElapsed how long the current job has been running, or {@code null}
	 * when there is none
	 * @param age time since the worker started
	 */
	@JsonInclude(Include.ALWAYS)
	public record WorkerDescriptor(int id, WorkerState state, long kernelJobs, long totalJobs, long kernelBoots,
			@Nullable RebootReason lastRebootReason, @Nullable Instant lastRebootTime,
			@Nullable Duration currentJobElapsed, Duration age) implements OperationResponseBody {

		static WorkerDescriptor of(WorkerInfo info) {
			return new WorkerDescriptor(info.id(), info.state(), info.kernelJobs(), info.totalJobs(),
					info.kernelBoots(), info.lastRebootReason(), info.lastRebootTime(), info.currentJobElapsed(),
					info.age());
		}

	}

	/**
	 * A finished rolling reset.
	 *
	 * @param workers the number of workers in the pool
	 * @param rebooted ids of the workers now on a new kernel
	 * @param skipped ids of the workers left out because their kernel cannot boot
	 * @param took how long the reset ran
	 */
	public record ResetDescriptor(int workers, List<Integer> rebooted, List<Integer> skipped,
			Duration took) implements OperationResponseBody {
	}

}
