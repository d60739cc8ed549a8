package dev.workerstarter.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the worker pool ({@code worker.*}).
 *
 * @param enabled Whether requests run on workers; false leaves a plain WebFlux
 * application.
 * @param pool The worker pool.
 * @param kernelReboot When a worker's kernel is rebooted.
 * @param supervisor Limits on jobs and kernels, checked on every watch tick.
 * @param middlewares Middlewares run around each request on a worker: bean names or fully
 * qualified class names of WorkerMiddlewares, outermost first.
 * @param http Which requests run on workers and how rejected ones are answered.
 * @param metrics Metrics declared by the application.
 * @param defaultIntegrations Whether the integrations with the libraries on the classpath
 * (Sentry, sessions, JPA, gRPC) are on; worker.integrations.<name>.enabled overrides it
 * for one.
 * @param integrations Integrations that keep libraries safe on long-lived kernels.
 * @param scope How worker-scoped beans are guarded.
 * @param pools Named pools beside the default one, by name: each with its own workers,
 * kernels, queue, reboot strategies, supervisor limits and middlewares, and the request
 * paths routed to it.
 * @param threads Kind of thread each kernel runs its blocking handlers on: platform, or
 * virtual (Java 21 or later); follows spring.threads.virtual.enabled when not set.
 * @param grpc Which gRPC calls run on workers, and on which pool.
 * @param websocket The WebSocket server whose messages run on workers.
 * @param tasks Tasks run through WorkerTasks, and the lock of single-instance timers.
 * @param timers Timers by name, beside the @WorkerTimer methods: each runs a Runnable
 * bean on the task pool, or configures the annotated timer of that name.
 * @param processes Supervised WorkerProcess beans, each on a kernel of its own.
 * @param jobs Durable jobs: pipelines and their drivers.
 * @param dashboard The live workers dashboard, a page served by the workerdashboard
 * actuator endpoint.
 */
@ConfigurationProperties("worker")
public record WorkerProperties(@DefaultValue("true") boolean enabled, @DefaultValue Pool pool,
		@DefaultValue KernelReboot kernelReboot, @DefaultValue Supervisor supervisor,
		@DefaultValue List<String> middlewares, @DefaultValue Http http, @DefaultValue Metrics metrics,
		@DefaultValue("true") boolean defaultIntegrations, @DefaultValue Integrations integrations,
		@DefaultValue Scope scope, @DefaultValue Map<String, NamedPool> pools, @Nullable Threads threads,
		@DefaultValue Grpc grpc, @DefaultValue WebSocket websocket, @DefaultValue Tasks tasks,
		@DefaultValue Map<String, Timer> timers, @DefaultValue Processes processes, @DefaultValue Jobs jobs,
		@DefaultValue Dashboard dashboard) {

	/**
	 * The worker pool ({@code worker.pool.*}).
	 *
	 * @param size Number of workers, each handling one request at a time; defaults to
	 * twice the number of available processors.
	 * @param maxQueueSize Most requests that may wait for a worker beyond the busy ones;
	 * more are answered 503 at once.
	 * @param allocateTimeout Longest a request waits for a worker before it is answered
	 * 503.
	 * @param destroyTimeout Longest shutdown waits for in-flight requests before the
	 * workers' kernels are destroyed.
	 */
	public record Pool(@Nullable Integer size, @DefaultValue("1024") int maxQueueSize,
			@DefaultValue("30s") Duration allocateTimeout, @DefaultValue("30s") Duration destroyTimeout) {

		/**
		 * Returns the configured size, or twice the number of available processors.
		 * @return the number of workers
		 */
		public int sizeOrDefault() {
			return (this.size != null) ? this.size : 2 * Runtime.getRuntime().availableProcessors();
		}

	}

	/**
	 * A named pool ({@code worker.pools.<name>.*}). It takes the same keys as the default
	 * pool, with the same defaults: it does not inherit the default pool's settings.
	 *
	 * @param size Number of workers, each handling one job at a time; defaults to twice
	 * the number of available processors.
	 * @param maxQueueSize Most jobs that may wait for a worker beyond the busy ones; more
	 * are rejected at once (503 for a request).
	 * @param allocateTimeout Longest a job waits for a worker before it is rejected.
	 * @param destroyTimeout Longest shutdown waits for the pool's in-flight jobs before
	 * its workers' kernels are destroyed.
	 * @param kernelReboot When a worker's kernel is rebooted.
	 * @param supervisor Limits on jobs and kernels, checked on every watch tick.
	 * @param middlewares Middlewares run around each request on a worker of the pool:
	 * bean names or fully qualified class names of WorkerMiddlewares, outermost first.
	 * @param paths Path patterns of the requests that run on this pool, such as
	 * /reports/**; the first pool with a matching pattern, in the order the pools are
	 * configured, takes a request, and the default pool takes those no pool matches.
	 */
	public record NamedPool(@Nullable Integer size, @DefaultValue("1024") int maxQueueSize,
			@DefaultValue("30s") Duration allocateTimeout, @DefaultValue("30s") Duration destroyTimeout,
			@DefaultValue KernelReboot kernelReboot, @DefaultValue Supervisor supervisor,
			@DefaultValue List<String> middlewares, @DefaultValue List<String> paths) {

		/**
		 * Returns the pool's sizes and timeouts.
		 * @return the sizes and timeouts
		 */
		public Pool pool() {
			return new Pool(this.size, this.maxQueueSize, this.allocateTimeout, this.destroyTimeout);
		}

	}

	/**
	 * When a worker's kernel is rebooted ({@code worker.kernel-reboot.*}).
	 *
	 * @param strategy Reboot strategies, any of which may ask for a reboot after a job:
	 * on_exception, max_jobs, always, or the name of a KernelRebootStrategy bean; memory
	 * reboots every kernel, one worker at a time, when the heap passes the memory
	 * threshold.
	 * @param allowedExceptions Exception types (classes or interfaces, matched with
	 * instanceof) that do not reboot the kernel under the on_exception strategy.
	 * @param maxJobs Most jobs a kernel handles under the max_jobs strategy.
	 * @param maxJobsDispersion Fraction of max-jobs by which a kernel's share may be
	 * lower, drawn at each kernel boot so that workers do not reboot together, in [0, 1].
	 * @param memoryThreshold Heap in use after garbage collection above which the memory
	 * strategy reboots the kernels: a fraction of the maximum heap such as 0.8, or a size
	 * such as 512MB.
	 */
	public record KernelReboot(@DefaultValue("on_exception") List<String> strategy,
			@DefaultValue("org.springframework.web.ErrorResponse") List<String> allowedExceptions,
			@DefaultValue("1000") long maxJobs, @DefaultValue("0.2") double maxJobsDispersion,
			@DefaultValue("0.8") String memoryThreshold) {
	}

	/**
	 * Limits on jobs and kernels ({@code worker.supervisor.*}), each off when 0.
	 *
	 * @param execTtl Longest a request may run on a worker: past it the request is
	 * cancelled and answered 503, and the worker goes on with a new kernel on a new
	 * thread.
	 * @param ttl Longest a kernel lives: past it the kernel is rebooted after its current
	 * request.
	 * @param idleTtl Longest a kernel that has handled a request may stay idle before it
	 * is rebooted.
	 * @param watchTick How often the limits and the memory threshold are checked.
	 */
	public record Supervisor(@DefaultValue("0") Duration execTtl, @DefaultValue("0") Duration ttl,
			@DefaultValue("0") Duration idleTtl, @DefaultValue("1s") Duration watchTick) {
	}

	/**
	 * Which requests run on workers ({@code worker.http.*}).
	 *
	 * @param excludePaths Path patterns of the application handled without a worker, so
	 * that they answer even when every worker is busy. The actuator's paths are excluded
	 * besides these, unless worker.http.exclude-management-paths is false.
	 * @param excludeManagementPaths Whether the actuator's paths on the application's
	 * server are handled without a worker: everything under
	 * management.endpoints.web.base-path (each exposed endpoint's path when the base path
	 * is /) and the additional paths of health groups. Requests to a separate management
	 * server (management.server.port) never run on workers.
	 * @param retryAfter Delay suggested to clients in the Retry-After header of a 503
	 * answer, rounded up to whole seconds.
	 */
	public record Http(@DefaultValue List<String> excludePaths, @DefaultValue("true") boolean excludeManagementPaths,
			@DefaultValue("1s") Duration retryAfter) {
	}

	/**
	 * Metrics declared by the application ({@code worker.metrics.*}).
	 *
	 * @param collect Metrics the application updates through WorkerMetrics, by name: a
	 * name made of letters, digits, underscores and colons, not starting with a digit.
	 */
	public record Metrics(@DefaultValue Map<String, Metric> collect) {
	}

	/**
	 * A metric declared by the application ({@code worker.metrics.collect.<name>.*}).
	 *
	 * @param type Type of the metric: counter, gauge, histogram or summary.
	 * @param help What the metric measures, shown as its description (HELP in
	 * Prometheus).
	 * @param labels Names of the metric's labels; their values are given in this order on
	 * every update.
	 * @param buckets Upper bounds of a histogram's buckets, strictly increasing;
	 * Prometheus' default latency buckets in milliseconds (5 to 10000) when not set. Only
	 * for histograms.
	 * @param objectives Quantiles a summary publishes, each between 0 and 1 exclusive,
	 * such as 0.5 and 0.99; count, sum and maximum only when not set. Only for summaries.
	 */
	public record Metric(@Nullable String type, @Nullable String help, @DefaultValue List<String> labels,
			@Nullable List<Double> buckets, @Nullable List<Double> objectives) {
	}

	/**
	 * Integrations that keep libraries safe on long-lived kernels
	 * ({@code worker.integrations.*}), each active only when its library is on the
	 * classpath.
	 *
	 * @param sentry Sentry: a scope of its own for every job, exceptions captured once
	 * with the worker and job, events flushed when a worker stops.
	 * @param session Sessions: each job sees only its own client's session and principal.
	 * @param jpa JPA: worker-scoped entity managers cleared after each job, and a kernel
	 * rebooted when one of them is unusable.
	 * @param grpc gRPC: every call to Spring Boot's gRPC server runs as a job on a
	 * worker.
	 */
	public record Integrations(@DefaultValue Integration sentry, @DefaultValue Integration session,
			@DefaultValue Jpa jpa, @DefaultValue Integration grpc) {
	}

	/**
	 * One integration ({@code worker.integrations.<name>.*}).
	 *
	 * @param enabled Whether the integration is on; follows worker.default-integrations
	 * when not set.
	 */
	public record Integration(@Nullable Boolean enabled) {
	}

	/**
	 * The JPA integration ({@code worker.integrations.jpa.*}).
	 *
	 * @param enabled Whether the integration is on; follows worker.default-integrations
	 * when not set.
	 * @param validateAfterIdle Idle time after which the JDBC connection a worker-scoped
	 * entity manager holds is validated, and replaced if dead, before a job uses it
	 * again; 0 validates it before every job that uses it.
	 */
	public record Jpa(@Nullable Boolean enabled, @DefaultValue("500ms") Duration validateAfterIdle) {
	}

	/**
	 * Which gRPC calls run on workers ({@code worker.grpc.*}), while the gRPC integration
	 * is on.
	 *
	 * @param pool Name of the pool every gRPC call runs on: default, or a pool configured
	 * under worker.pools.
	 * @param excludeServices Full names of the gRPC services whose calls are handled
	 * without a worker, so that they answer even when every worker is busy.
	 */
	public record Grpc(@DefaultValue("default") String pool,
			@DefaultValue("grpc.health.v1.Health,grpc.reflection.v1.ServerReflection,"
					+ "grpc.reflection.v1alpha.ServerReflection") List<String> excludeServices) {
	}

	/**
	 * The WebSocket server ({@code worker.websocket.*}): on when a path is set.
	 *
	 * @param path Path of the WebSocket endpoint on the application's server, for example
	 * /ws; the server is off when it is not set.
	 * @param pool Name of the pool every message is handled on: default, or a pool
	 * configured under worker.pools.
	 * @param listeners Handlers by event: bean names or fully qualified class names of
	 * WsMessageHandlers, beside the @WsListener methods.
	 * @param storage Where the connections and the message queue are kept: memory (one
	 * instance) or redis (a cluster, through spring.data.redis.*).
	 * @param maxConnections Most connections open at once on this instance; further
	 * handshakes are answered 503. 0 for no limit.
	 * @param maxMessageSize Largest message a client may send; a larger one closes its
	 * connection with status 1009 (message too big).
	 * @param maxPendingMessages Most messages of one connection received and waiting for
	 * their handler; beyond them the server stops reading from the connection until one
	 * is handled.
	 * @param outboundBufferSize Most messages waiting to be written to one connection; a
	 * client too slow to take them is closed with status 1008 (slow consumer) instead of
	 * growing memory.
	 * @param pingInterval How often each connection is pinged; 0 for never.
	 * @param idleTimeout How long a connection may stay without receiving anything (a
	 * pong counts) before it is closed with status 1001; 0 for never. Checked every ping
	 * interval.
	 * @param errorEvent Event of the error messages the server sends a client for a
	 * message it could not handle.
	 * @param heartbeat How often this instance refreshes its connections in the storage.
	 * @param expiry How long a connection stays in the storage without a refresh, so that
	 * a dead instance's connections disappear; longer than the heartbeat.
	 * @param redis The Redis storage's keys and channels.
	 */
	public record WebSocket(@Nullable String path, @DefaultValue("default") String pool,
			@DefaultValue List<WsListenerMapping> listeners, @DefaultValue("memory") WsStorage storage,
			@DefaultValue("10000") int maxConnections, @DefaultValue("64KB") DataSize maxMessageSize,
			@DefaultValue("16") int maxPendingMessages, @DefaultValue("256") int outboundBufferSize,
			@DefaultValue("25s") Duration pingInterval, @DefaultValue("60s") Duration idleTimeout,
			@DefaultValue("ERROR") String errorEvent, @DefaultValue("5s") Duration heartbeat,
			@DefaultValue("15s") Duration expiry, @DefaultValue WsRedis redis) {

		/**
		 * A handler of an event ({@code worker.websocket.listeners[*]}).
		 *
		 * @param event Event whose messages the listener handles.
		 * @param listener Bean name or fully qualified class name of a WsMessageHandler.
		 */
		public record WsListenerMapping(@Nullable String event, @Nullable String listener) {
		}

		/**
		 * Where the WebSocket server keeps its connections and message queue.
		 */
		public enum WsStorage {

			/** In this instance's memory: one instance. */
			MEMORY,

			/**
			 * In Redis, through Spring Data Redis reactive: a cluster of instances, which
			 * deliver each other's sends and publishes over pub/sub.
			 */
			REDIS

		}

		/**
		 * The Redis storage ({@code worker.websocket.redis.*}).
		 *
		 * @param keyPrefix Prefix of every key and pub/sub channel the server uses, so
		 * that applications sharing a Redis server keep apart.
		 * @param queueExpiry How long the queued messages of a connection are kept when
		 * nobody takes them.
		 */
		public record WsRedis(@DefaultValue("worker:ws:") String keyPrefix, @DefaultValue("1h") Duration queueExpiry) {
		}

	}

	/**
	 * Tasks run through WorkerTasks ({@code worker.tasks.*}).
	 *
	 * @param pool Name of the pool tasks and timers run on: default, or a pool configured
	 * under worker.pools (a pool of their own keeps them from taking the workers of
	 * requests).
	 * @param lock The lock that lets one instance of a cluster run a single-instance
	 * timer at a time.
	 */
	public record Tasks(@DefaultValue("default") String pool, @DefaultValue TimerLock lock) {

		/**
		 * The ShedLock lock of single-instance timers ({@code worker.tasks.lock.*}).
		 *
		 * @param provider Where the locks are kept: auto (the application's LockProvider
		 * bean, else Redis when there is a RedisConnectionFactory, else JDBC when there
		 * is a DataSource), redis (spring.data.redis.*) or jdbc (a table in the
		 * application's DataSource).
		 * @param environment Part of each Redis lock key that keeps applications sharing
		 * a Redis server apart.
		 * @param tableName Table of the JDBC locks, created by the application (see
		 * ShedLock's schema).
		 */
		public record TimerLock(@DefaultValue("auto") LockProvider provider, @DefaultValue("worker") String environment,
				@DefaultValue("shedlock") String tableName) {
		}

		/**
		 * Where single-instance timers keep their locks.
		 */
		public enum LockProvider {

			/**
			 * The application's LockProvider bean, else Redis, else JDBC, whichever the
			 * application has.
			 */
			AUTO,

			/** Redis, through the application's RedisConnectionFactory. */
			REDIS,

			/** A table in the application's DataSource. */
			JDBC

		}

	}

	/**
	 * A timer ({@code worker.timers.<name>.*}): exactly one of fixed-rate, fixed-delay
	 * and cron.
	 *
	 * @param bean Name of the Runnable bean the timer runs; not set when the entry
	 * configures the @WorkerTimer method of the same name.
	 * @param fixedRate Period between the starts of two runs, down to milliseconds; a
	 * start that falls while the previous run still runs is skipped and counted as an
	 * overrun.
	 * @param fixedDelay Delay between the end of a run and the start of the next.
	 * @param cron Cron expression (second, minute, hour, day of month, month, day of
	 * week) of the starts.
	 * @param zone Time zone of the cron expression; the system's when not set.
	 * @param initialDelay Delay before the first run of a fixed-rate or fixed-delay
	 * timer.
	 * @param singleInstance Whether only one instance of a cluster runs the timer at a
	 * time, through the lock of worker.tasks.lock.
	 * @param lockAtMostFor Longest the single-instance lock is held when the instance
	 * holding it dies.
	 * @param enabled Whether the timer runs.
	 */
	public record Timer(@Nullable String bean, @Nullable Duration fixedRate, @Nullable Duration fixedDelay,
			@Nullable String cron, @Nullable String zone, @DefaultValue("0") Duration initialDelay,
			@Nullable Boolean singleInstance, @DefaultValue("10m") Duration lockAtMostFor,
			@DefaultValue("true") boolean enabled) {
	}

	/**
	 * Supervised processes ({@code worker.processes.*}): every WorkerProcess bean runs on
	 * a worker of the pool named processes, one kernel each.
	 *
	 * @param initialBackoff Delay before a process that threw or returned is started
	 * again the first time.
	 * @param maxBackoff Longest delay between two starts of a process.
	 * @param backoffMultiplier Factor by which the delay grows after each restart.
	 * @param stableAfter How long a process must run before its next restart starts from
	 * the initial backoff again.
	 * @param destroyTimeout Longest shutdown waits for the processes to return once asked
	 * to stop, before their threads are interrupted and their kernels destroyed.
	 */
	public record Processes(@DefaultValue("1s") Duration initialBackoff, @DefaultValue("1m") Duration maxBackoff,
			@DefaultValue("2.0") double backoffMultiplier, @DefaultValue("1m") Duration stableAfter,
			@DefaultValue("30s") Duration destroyTimeout) {
	}

	/**
	 * Durable jobs ({@code worker.jobs.*}).
	 *
	 * @param pipelines Pipelines by name, each with its driver, pool and handler.
	 * @param redis Keys of the Redis driver.
	 */
	public record Jobs(@DefaultValue Map<String, Pipeline> pipelines, @DefaultValue JobsRedis redis) {

		/**
		 * A pipeline ({@code worker.jobs.pipelines.<name>.*}).
		 *
		 * @param driver Where the pipeline keeps its jobs: memory (this instance, lost
		 * when it stops) or redis (Redis Streams with a consumer group, shared by the
		 * instances of a cluster).
		 * @param pool Name of the pool the pipeline's jobs run on; worker.tasks.pool when
		 * not set.
		 * @param handler Bean name of the JobHandler of the pipeline's jobs; not set when
		 * a @JobListener method handles them.
		 * @param concurrency Most jobs of the pipeline running at once on this instance;
		 * the size of the pool when not set.
		 * @param maxAttempts Most times a job is handled before it goes to the dead
		 * letters; 1 for no retry.
		 * @param backoff Delay before each retry.
		 * @param visibilityTimeout How long a job taken by an instance may stay
		 * unacknowledged before another instance takes it over (the one holding it is
		 * taken to have died); an instance keeps its own running jobs from expiring.
		 * @param capacity Most jobs waiting in a memory pipeline; a push beyond them
		 * fails.
		 * @param paused Whether the pipeline starts paused: it takes pushes but runs no
		 * job until resumed through the workerjobs endpoint.
		 */
		public record Pipeline(@DefaultValue("memory") Driver driver, @Nullable String pool, @Nullable String handler,
				@Nullable Integer concurrency, @DefaultValue("3") int maxAttempts, @DefaultValue Backoff backoff,
				@DefaultValue("5m") Duration visibilityTimeout, @DefaultValue("100000") int capacity,
				@DefaultValue("false") boolean paused) {
		}

		/**
		 * The delay before each retry of a job
		 * ({@code worker.jobs.pipelines.<name>.backoff.*}): initial times multiplier to
		 * the power of the retries before, at most max, less a random part of up to
		 * jitter of it.
		 *
		 * @param initial Delay before the first retry.
		 * @param max Longest delay before a retry.
		 * @param multiplier Factor by which the delay grows after each retry.
		 * @param jitter Fraction of each delay, in [0, 1], by which it is shortened at
		 * random so that failed jobs do not come back together.
		 */
		public record Backoff(@DefaultValue("1s") Duration initial, @DefaultValue("5m") Duration max,
				@DefaultValue("2.0") double multiplier, @DefaultValue("0.2") double jitter) {
		}

		/**
		 * Where a pipeline keeps its jobs.
		 */
		public enum Driver {

			/** In this instance's memory: jobs are lost when it stops. */
			MEMORY,

			/**
			 * In Redis Streams with a consumer group, through Spring Data Redis reactive:
			 * durable and shared by the instances of a cluster.
			 */
			REDIS

		}

		/**
		 * The Redis driver ({@code worker.jobs.redis.*}).
		 *
		 * @param keyPrefix Prefix of every key of the pipelines, so that applications
		 * sharing a Redis server keep apart.
		 * @param consumerGroup Consumer group of the instances that share the pipelines.
		 * @param pollTimeout Longest a read of new jobs blocks on the Redis server.
		 */
		public record JobsRedis(@DefaultValue("worker:jobs:") String keyPrefix,
				@DefaultValue("workers") String consumerGroup, @DefaultValue("1s") Duration pollTimeout) {
		}

	}

	/**
	 * The live workers dashboard ({@code worker.dashboard.*}): a page, served by the
	 * workerdashboard actuator endpoint once it is exposed, that shows the pools and
	 * their workers live.
	 *
	 * @param enabled Whether the dashboard is served at /actuator/workerdashboard (the
	 * endpoint must also be exposed, as every actuator endpoint) and the pools are
	 * sampled for it.
	 * @param history How far back the dashboard's sparklines of throughput, job time and
	 * queue depth go.
	 * @param sampleInterval How often each pool's throughput, mean job time, queue depth
	 * and busy workers are sampled for the sparklines; at most the history.
	 */
	public record Dashboard(@DefaultValue("false") boolean enabled, @DefaultValue("5m") Duration history,
			@DefaultValue("2s") Duration sampleInterval) {
	}

	/**
	 * How worker-scoped beans are guarded ({@code worker.scope.*}).
	 *
	 * @param useAfterJob What happens when a worker-scoped bean is used on behalf of a
	 * job that has already ended (for example from doFinally, which runs after the
	 * response completed): warn logs one warning per bean, fail throws an exception (for
	 * tests).
	 */
	public record Scope(@DefaultValue("warn") UseAfterJob useAfterJob) {

		/**
		 * What a use of a worker-scoped bean after its job ended does.
		 */
		public enum UseAfterJob {

			/** Log one warning per bean. */
			WARN,

			/** Throw an IllegalStateException. */
			FAIL

		}

	}

	/**
	 * The kind of thread each kernel runs on ({@code worker.threads}).
	 */
	public enum Threads {

		/** A platform thread per kernel. */
		PLATFORM,

		/**
		 * A virtual thread per kernel (Java 21 or later), for pools of thousands of
		 * workers that block on I/O.
		 */
		VIRTUAL

	}

}
