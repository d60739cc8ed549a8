package dev.workerstarter.pool;

import java.util.Objects;

/**
 * What a unit of work is, as the {@code workers} endpoint and the dashboard show a
 * worker's current job: a kind and a name within it, for example {@code http} and
 * {@code GET /orders/{id}}, {@code websocket} and the event, {@code job} and the
 * pipeline. The starter describes the work it runs; work given to
 * {@link WorkerPool#run(WorkDescription, java.util.concurrent.Callable)} is described by
 * its caller.
 *
 * @param kind what kind of work it is, one of the constants of this type or the
 * application's own
 * @param name what it is within its kind
 */
public record WorkDescription(String kind, String name) {

	/** A request: the name is its method and path pattern (or path, until matched). */
	public static final String HTTP = "http";

	/** A WebSocket message: the name is its event. */
	public static final String WEBSOCKET = "websocket";

	/** A gRPC call: the name is the full method name. */
	public static final String GRPC = "grpc";

	/** A task given to {@code WorkerTasks}. */
	public static final String TASK = "task";

	/** A run of a timer: the name is the timer's. */
	public static final String TIMER = "timer";

	/** A supervised process: the name is the process's. */
	public static final String PROCESS = "process";

	/** A durable job: the name is its pipeline's. */
	public static final String JOB = "job";

	/**
	 * Creates a description.
	 * @param kind what kind of work it is
	 * @param name what it is within its kind
	 */
	public WorkDescription {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(name, "name");
	}

}
