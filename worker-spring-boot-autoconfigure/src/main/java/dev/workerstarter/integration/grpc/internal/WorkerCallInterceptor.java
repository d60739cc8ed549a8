package dev.workerstarter.integration.grpc.internal;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerPools;

/**
 * Runs every gRPC call, except those of excluded services, as one job on a worker of the
 * configured pool ({@link CallJob}). It must be the outermost interceptor, so that every
 * other interceptor and the service run on the worker: it is added to the server itself,
 * whose interceptors run before every service's. {@code interceptCall} runs on gRPC's
 * executor, and returns at once: the call starts on the worker once it has one.
 */
public final class WorkerCallInterceptor implements ServerInterceptor {

	private final WorkerPool pool;

	private final Set<String> excludedServices;

	private WorkerCallInterceptor(WorkerPool pool, Set<String> excludedServices) {
		this.pool = pool;
		this.excludedServices = excludedServices;
	}

	/**
	 * Creates the interceptor for configured values.
	 * @param pools the pools
	 * @param prefix the prefix of the keys, for example {@code worker.grpc}
	 * @param poolName the name of the pool the calls run on
	 * @param excludeServices full names of the services whose calls run without a worker
	 * @return the interceptor
	 * @throws InvalidWorkerPropertyException if there is no pool of that name
	 */
	public static WorkerCallInterceptor of(WorkerPools pools, String prefix, String poolName,
			List<String> excludeServices) {
		WorkerPool pool;
		try {
			pool = pools.pool(poolName.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWorkerPropertyException(prefix + ".pool", poolName,
					Objects.requireNonNullElse(ex.getMessage(), "there is no worker pool of that name"),
					"Name the default pool or one configured under worker.pools, or leave " + prefix
							+ ".pool unset to run the calls on the default pool.");
		}
		Set<String> excluded = excludeServices.stream()
			.map(String::trim)
			.filter((name) -> !name.isEmpty())
			.collect(Collectors.toUnmodifiableSet());
		return new WorkerCallInterceptor(pool, excluded);
	}

	/**
	 * Returns the pool the calls run on.
	 * @return the pool
	 */
	public WorkerPool pool() {
		return this.pool;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		String service = call.getMethodDescriptor().getServiceName();
		if (service != null && this.excludedServices.contains(service)) {
			return next.startCall(call, headers);
		}
		CallJob<ReqT, RespT> job = new CallJob<>(new SerializedServerCall<>(call), headers, next, Context.current());
		job.subscribeTo(this.pool.run(job));
		return job;
	}

}
