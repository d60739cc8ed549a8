package dev.workerstarter.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.workerstarter.pool.RollingResetResult;
import dev.workerstarter.pool.WorkDescription;
import dev.workerstarter.pool.WorkerInfo;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerPools;
import dev.workerstarter.pool.WorkerState;
import dev.workerstarter.process.ProcessState;
import dev.workerstarter.process.internal.ExitCause;
import dev.workerstarter.process.internal.ProcessInfo;
import dev.workerstarter.process.internal.ProcessSupervisor;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.websocket.WsServer;

/**
 * {@link Endpoint @Endpoint} that shows every worker pool and each of its workers (and
 * the WebSocket server's connections when it is on, the supervised processes when there
 * are any), and runs rolling resets of their kernels. Over HTTP:
 * {@code GET /actuator/workers} (every pool), {@code GET /actuator/workers/{pool}},
 * {@code GET /actuator/workers/{pool}/{id}}, {@code POST /actuator/workers/reset} (every
 * pool) and {@code POST /actuator/workers/{pool}/reset}.
 */
@Endpoint(id = "workers")
public class WorkersEndpoint {

	private static final String RESET = "reset";

	private final WorkerPools pools;

	private final @Nullable WsServer webSocket;

	private final @Nullable ProcessSupervisor processes;

	/**
	 * Creates the endpoint, without processes.
	 * @param pools the pools to show and reset
	 * @param webSocket the WebSocket server whose connections to show, {@code null} when
	 * it is off
	 */
	public WorkersEndpoint(WorkerPools pools, @Nullable WsServer webSocket) {
		this(pools, webSocket, null);
	}

	/**
	 * Creates the endpoint.
	 * @param pools the pools to show and reset
	 * @param webSocket the WebSocket server whose connections to show, {@code null} when
	 * it is off
	 * @param processes the supervisor of the processes to show, {@code null} when there
	 * are none
	 */
	public WorkersEndpoint(WorkerPools pools, @Nullable WsServer webSocket, @Nullable ProcessSupervisor processes) {
		this.pools = pools;
		this.webSocket = webSocket;
		this.processes = processes;
	}

	/**
	 * Returns every pool, the default pool first, with a snapshot of each worker.
	 * @return the pools
	 */
	@ReadOperation
	public PoolsDescriptor workers() {
		Map<String, PoolDescriptor> pools = new LinkedHashMap<>();
		for (WorkerPool pool : this.pools.pools()) {
			pools.put(pool.name(), PoolDescriptor.of(pool));
		}
		return new PoolsDescriptor(pools, WebSocketDescriptor.of(this.webSocket), ProcessDescriptor.of(this.processes));
	}

	/**
	 * Returns one pool, with a snapshot of each worker.
	 * @param pool the pool name
	 * @return the pool, or {@code null} (not found) if there is none of that name
	 */
	@ReadOperation
	public @Nullable PoolDescriptor pool(@Selector String pool) {
		WorkerPool found = find(pool);
		return (found != null) ? PoolDescriptor.of(found) : null;
	}

	/**
	 * Returns a snapshot of one worker.
	 * @param pool the pool name
	 * @param id the worker id, from {@code 1} to the pool size
	 * @return the worker, or {@code null} (not found) if there is none
	 */
	@ReadOperation
	public @Nullable WorkerDescriptor worker(@Selector String pool, @Selector int id) {
		WorkerPool found = find(pool);
		return (found != null) ? found.worker(id).map(WorkerDescriptor::of).orElse(null) : null;
	}

	/**
	 * Runs an action on every pool. The only action is {@code reset}: a rolling reset of
	 * each pool at once, which reboots every worker's kernel one worker at a time while
	 * the others keep taking jobs.
	 * @param action the action, {@code reset}
	 * @return completes once every worker is back with a new kernel or skipped (its
	 * kernel cannot boot); fails if the request itself runs on a worker
	 * @throws InvalidEndpointRequestException (bad request) for any other action
	 * @see WorkerPools#rollingReset()
	 */
	@WriteOperation
	public Mono<ResetsDescriptor> run(@Selector String action) {
		requireReset(action);
		return Flux.fromIterable(this.pools.pools())
			.flatMapSequential((pool) -> reset(pool).map((reset) -> Map.entry(pool.name(), reset)))
			.collect(LinkedHashMap<String, ResetDescriptor>::new,
					(resets, entry) -> resets.put(entry.getKey(), entry.getValue()))
			.map(ResetsDescriptor::new);
	}

	/**
	 * Runs an action on one pool. The only action is {@code reset}, a rolling reset.
	 * @param pool the pool name
	 * @param action the action, {@code reset}
	 * @return completes once every worker of the pool is back with a new kernel or
	 * skipped
	 * @throws InvalidEndpointRequestException (bad request) for any other action, or if
	 * there is no pool of that name
	 * @see WorkerPool#rollingReset()
	 */
	@WriteOperation
	public Mono<ResetDescriptor> run(@Selector String pool, @Selector String action) {
		requireReset(action);
		WorkerPool found = find(pool);
		if (found == null) {
			throw new InvalidEndpointRequestException("There is no worker pool named '" + pool + "'",
					"There is no worker pool of that name");
		}
		return reset(found);
	}

	private static void requireReset(String action) {
		if (!RESET.equals(action)) {
			throw new InvalidEndpointRequestException("Unknown action '" + action + "', the only action is 'reset'",
					"Unknown action, the only action is 'reset'");
		}
	}

	// The processes hold their workers for as long as they run: their supervisor stops
	// and starts them again for the reset.
	private Mono<ResetDescriptor> reset(WorkerPool pool) {
		return Mono.defer(() -> {
			int workers = pool.workers().size();
			long start = System.nanoTime();
			ProcessSupervisor processes = this.processes;
			Mono<RollingResetResult> reset = (processes != null && pool.name().equals(ProcessSupervisor.POOL))
					? processes.rollingReset() : pool.rollingReset();
			return reset
				.map((result) -> new ResetDescriptor(workers, result.rebooted(), result.skipped(), since(start)));
		});
	}

	private @Nullable WorkerPool find(String name) {
		for (WorkerPool pool : this.pools.pools()) {
			if (pool.name().equals(name)) {
				return pool;
			}
		}
		return null;
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
	 * Every pool, the WebSocket server when it is on, and the supervised processes when
	 * there are any.
	 *
	 * @param pools each pool by name, the default pool first
	 * @param websocket the WebSocket server's connections on this instance, {@code null}
	 * (left out) when it is off
	 * @param processes each supervised process by name, in the order they start,
	 * {@code null} (left out) when there are none
	 */
	public record PoolsDescriptor(Map<String, PoolDescriptor> pools,
			@JsonInclude(Include.NON_NULL) @Nullable WebSocketDescriptor websocket,
			@JsonInclude(Include.NON_NULL) @Nullable Map<String, ProcessDescriptor> processes)
			implements
				OperationResponseBody {
	}

	/**
	 * One supervised process, running on a worker of the pool named
	 * {@value ProcessSupervisor#POOL}. Its fields are always written, {@code null}
	 * included.
	 *
	 * @param state what the process is doing
	 * @param restarts how many times it was started again after it threw or returned
	 * @param runningSince when its current run started, or {@code null} unless it runs
	 * @param nextStart when it starts again, or {@code null} unless it is backing off
	 * @param lastExit why its last run ended, {@code exception} or {@code returned}, or
	 * {@code null} if none ended
	 * @param lastFailure what it last threw (class and message), or {@code null} if it
	 * never threw
	 */
	@JsonInclude(Include.ALWAYS)
	public record ProcessDescriptor(ProcessState state, int restarts, @Nullable Instant runningSince,
			@Nullable Instant nextStart, @Nullable String lastExit, @Nullable FailureDescriptor lastFailure) {

		static @Nullable Map<String, ProcessDescriptor> of(@Nullable ProcessSupervisor supervisor) {
			if (supervisor == null) {
				return null;
			}
			Map<String, ProcessDescriptor> processes = new LinkedHashMap<>();
			for (ProcessInfo info : supervisor.processes()) {
				ExitCause exit = info.lastExit();
				ProcessInfo.Failure failure = info.lastFailure();
				processes.put(info.name(), new ProcessDescriptor(info.state(), info.restarts(), info.runningSince(),
						info.nextStart(), (exit != null) ? exit.value() : null,
						(failure != null) ? new FailureDescriptor(failure.exception(), failure.message()) : null));
			}
			return processes;
		}

	}

	/**
	 * What a process threw: never its stack trace.
	 *
	 * @param exception the exception's class name
	 * @param message its message, or {@code null} if it has none
	 */
	@JsonInclude(Include.ALWAYS)
	public record FailureDescriptor(String exception, @Nullable String message) {
	}

	/**
	 * The WebSocket server of this instance.
	 *
	 * @param instance the id of this instance in the cluster
	 * @param connections the connections open on this instance
	 */
	public record WebSocketDescriptor(String instance, int connections) {

		static @Nullable WebSocketDescriptor of(@Nullable WsServer server) {
			return (server != null) ? new WebSocketDescriptor(server.instanceId(), server.localConnectionCount())
					: null;
		}

	}

	/**
	 * A pool and its workers.
	 *
	 * @param state whether the pool takes requests
	 * @param size the number of workers
	 * @param idle the workers free to take a request
	 * @param waiting the requests waiting for a worker
	 * @param workers a snapshot of every worker, by id; empty when the pool is stopped
	 */
	public record PoolDescriptor(PoolState state, int size, int idle, int waiting,
			List<WorkerDescriptor> workers) implements OperationResponseBody {

		static PoolDescriptor of(WorkerPool pool) {
			List<WorkerDescriptor> workers = pool.workers().stream().map(WorkerDescriptor::of).toList();
			return new PoolDescriptor(PoolState.of(pool), pool.size(), pool.idleCount(), pool.waitingCount(), workers);
		}

	}

	/**
	 * One worker. Its fields are always written, {@code null} included: the endpoint JSON
	 * mapper leaves out {@code null} values otherwise, and a worker that was never
	 * rebooted or has no job should still show every field.
	 *
	 * @param id the worker id, from {@code 1} to the pool size
	 * @param state what the worker is doing
	 * @param currentWork what its current job is ({@code kind} and {@code name}), or
	 * {@code null} when there is none or the work does not say
	 * @param currentJobStarted when the current job started, or {@code null} when there
	 * is none
	 * @param currentJobElapsed how long the current job has been running, or {@code null}
	 * when there is none
	 * @param kernelJobs jobs started by the current kernel
	 * @param totalJobs jobs started by all of the worker's kernels
	 * @param kernelBoots kernels the worker has booted, the current one included
	 * @param kernelAge time since the current kernel was made
	 * @param kernelCpuTime CPU time used by the current kernel's thread, or {@code null}
	 * where the JVM does not measure it (virtual threads)
	 * @param kernelAllocatedBytes bytes allocated by the current kernel's thread, or
	 * {@code null} where the JVM does not measure them
	 * @param lastRebootReason why the kernel was last rebooted, or {@code null} if it
	 * never was
	 * @param lastRebootTime when the kernel was last rebooted, or {@code null} if it
	 * never was
	 * @param age time since the worker started
	 */
	@JsonInclude(Include.ALWAYS)
	public record WorkerDescriptor(int id, WorkerState state, @Nullable WorkDescription currentWork,
			@Nullable Instant currentJobStarted, @Nullable Duration currentJobElapsed, long kernelJobs, long totalJobs,
			long kernelBoots, Duration kernelAge, @Nullable Duration kernelCpuTime, @Nullable Long kernelAllocatedBytes,
			@Nullable RebootReason lastRebootReason, @Nullable Instant lastRebootTime,
			Duration age) implements OperationResponseBody {

		static WorkerDescriptor of(WorkerInfo info) {
			return new WorkerDescriptor(info.id(), info.state(), info.currentWork(), info.currentJobStarted(),
					info.currentJobElapsed(), info.kernelJobs(), info.totalJobs(), info.kernelBoots(), info.kernelAge(),
					info.kernelCpuTime(), info.kernelAllocatedBytes(), info.lastRebootReason(), info.lastRebootTime(),
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

	/**
	 * The finished rolling resets of every pool.
	 *
	 * @param pools each pool's reset by pool name, the default pool first
	 */
	public record ResetsDescriptor(Map<String, ResetDescriptor> pools) implements OperationResponseBody {
	}

}
