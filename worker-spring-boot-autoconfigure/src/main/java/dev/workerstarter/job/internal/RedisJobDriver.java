package dev.workerstarter.job.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteBufferRecord;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * A pipeline's jobs in Redis Streams ({@code driver: redis}), shared by the instances of
 * a cluster through a consumer group. Three keys, all with the hash tag
 * {@code {<pipeline>}} so that they live in one slot of a Redis Cluster:
 * {@code <prefix>{<pipeline>}:stream}, the due jobs, one entry each, read by the group;
 * {@code …:delayed}, a sorted set of the jobs not yet due, scored by their due time on
 * the Redis server's clock; {@code …:dead}, the dead letters, a stream trimmed to about
 * {@value #MAX_DEAD_LETTERS} entries.
 * <p>
 * Each driver is one consumer of the group, named by a random id, so that the entries of
 * an instance that died stay pending under its name until another instance claims them
 * after the visibility timeout. Every state change of a job is one Lua script
 * ({@link RedisJobScripts}); a job is acknowledged by deleting its entry, so that the
 * stream holds only the jobs waiting or in flight. Only the consumer that holds an entry
 * changes it: an instance whose job was claimed by another one meanwhile acknowledges,
 * retries or dead-letters nothing, and the other instance's outcome counts. Once per
 * visibility timeout a take removes the consumers that hold nothing and have not read for
 * longer than the visibility timeout (and at least ten poll timeouts): instances gone.
 * <p>
 * A take that finds no job blocks on the server for new entries, at most the poll timeout
 * at a time, on a connection of the driver's own: a blocking command on the connection
 * that Lettuce shares by default would hold up every other command of the application.
 * The pipeline takes from one loop; takes at once queue on that connection. A take
 * cancelled while Redis hands it jobs puts them back into the stream once they arrive.
 * Delayed jobs are moved into the stream by takes, so they may start up to the poll
 * timeout late when every instance waits. {@link #close()} releases the connection.
 */
public final class RedisJobDriver implements JobDriver, AutoCloseable {

	static final int MAX_DEAD_LETTERS = 10_000;

	private static final Log logger = LogFactory.getLog(RedisJobDriver.class);

	// Due delayed jobs moved per take: one script holds Redis up while it runs.
	private static final int MOVE_BATCH = 500;

	private static final int KEEP_ALIVE_BATCH = 500;

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private final ReactiveRedisConnectionFactory connectionFactory;

	private final ReactiveStringRedisTemplate redis;

	private final String stream;

	private final List<String> streamKey;

	private final List<String> queueKeys;

	private final List<String> deadLetterKeys;

	private final List<String> allKeys;

	private final String group;

	private final String consumer;

	private final String visibilityMillis;

	private final Duration pollTimeout;

	private final long pruneEveryNanos;

	private final String pruneIdleMillis;

	// Where the next claim of expired entries goes on in the pending list.
	private volatile String claimCursor = "0-0";

	private volatile long nextPrune = System.nanoTime();

	private @Nullable ReactiveRedisConnection blocking;

	private volatile boolean closed;

	/**
	 * Creates a driver, one consumer of the group; the group and the stream are created
	 * by the first take when missing.
	 * @param connectionFactory the connections to Redis
	 * @param keyPrefix the prefix of every key ({@code worker.jobs.redis.key-prefix})
	 * @param consumerGroup the group of the instances sharing the pipeline
	 * @param pipeline the pipeline's name
	 * @param visibilityTimeout how long a job may stay in flight without a keep-alive
	 * before another instance claims it
	 * @param pollTimeout the longest a read of new jobs blocks on the server
	 */
	public RedisJobDriver(ReactiveRedisConnectionFactory connectionFactory, String keyPrefix, String consumerGroup,
			String pipeline, Duration visibilityTimeout, Duration pollTimeout) {
		if (pipeline.isEmpty()) {
			// "{}" is no hash tag: the keys would land in different slots.
			throw new IllegalArgumentException("The name of a pipeline must not be empty");
		}
		requireAtLeastAMillisecond("visibility timeout", visibilityTimeout);
		requireAtLeastAMillisecond("poll timeout", pollTimeout);
		this.connectionFactory = connectionFactory;
		this.redis = new ReactiveStringRedisTemplate(connectionFactory);
		String base = keyPrefix + "{" + pipeline + "}:";
		this.stream = base + "stream";
		this.streamKey = List.of(this.stream);
		this.queueKeys = List.of(this.stream, base + "delayed");
		this.deadLetterKeys = List.of(this.stream, base + "dead");
		this.allKeys = List.of(this.stream, base + "delayed", base + "dead");
		this.group = consumerGroup;
		this.consumer = UUID.randomUUID().toString();
		this.visibilityMillis = Long.toString(visibilityTimeout.toMillis());
		this.pollTimeout = pollTimeout;
		this.pruneEveryNanos = visibilityTimeout.toNanos();
		// A live consumer reads at least every poll timeout.
		this.pruneIdleMillis = Long.toString(Math.max(visibilityTimeout.toMillis(), 10 * pollTimeout.toMillis()));
	}

	@Override
	public Mono<Void> push(QueuedJob job) {
		List<String> args = new ArrayList<>(7);
		args.add(delay(job.notBeforeMillis()));
		addFields(args, job);
		return this.redis.execute(RedisJobScripts.PUSH, this.queueKeys, args).then();
	}

	/**
	 * Takes due jobs; once the driver is closed, takes none and returns at once.
	 */
	@Override
	public Mono<List<Delivery>> take(int max, Duration wait) {
		if (max < 1) {
			return Mono.error(new IllegalArgumentException("A take must ask for at least one job, asked for " + max));
		}
		return Mono.defer(() -> {
			long deadline = System.nanoTime() + wait.toNanos();
			return Mono.defer(() -> this.closed ? Mono.just(List.<Delivery>of()) : handedBackIfCancelled(takeDue(max)))
				.flatMap((jobs) -> {
					long remaining = deadline - System.nanoTime();
					return (jobs.isEmpty() && remaining > 0 && !this.closed)
							? handedBackIfCancelled(readNew(max, remaining)) : Mono.just(jobs);
				})
				.repeat(() -> !this.closed && System.nanoTime() < deadline)
				.filter((jobs) -> !jobs.isEmpty())
				.next();
		}).defaultIfEmpty(List.of());
	}

	@Override
	public Mono<Void> ack(Delivery delivery) {
		return this.redis.execute(RedisJobScripts.ACK, this.streamKey, ownerArgs(delivery)).then();
	}

	@Override
	public Mono<Void> retry(Delivery delivery, int attempt, long notBeforeMillis) {
		QueuedJob job = delivery.job();
		List<String> args = ownerArgs(delivery);
		args.add(delay(notBeforeMillis));
		addFields(args,
				new QueuedJob(job.id(), job.payload(), attempt, job.pushedAtMillis(), notBeforeMillis, job.priority()));
		return this.redis.execute(RedisJobScripts.RETRY, this.queueKeys, args).then();
	}

	@Override
	public Mono<Void> deadLetter(Delivery delivery, String error) {
		QueuedJob job = delivery.job();
		List<String> args = ownerArgs(delivery);
		args.add(Integer.toString(MAX_DEAD_LETTERS));
		args.add(job.id());
		args.add(job.payload());
		args.add(Integer.toString(job.attempt()));
		args.add(error);
		return this.redis.execute(RedisJobScripts.DEAD_LETTER, this.deadLetterKeys, args).then();
	}

	@Override
	public Mono<Void> keepAlive(List<Delivery> running) {
		return Flux.fromIterable(running).buffer(KEEP_ALIVE_BATCH).flatMap((batch) -> {
			List<String> args = new ArrayList<>(2 + batch.size());
			args.add(this.group);
			args.add(this.consumer);
			batch.forEach((delivery) -> args.add(delivery.receipt()));
			return this.redis.execute(RedisJobScripts.KEEP_ALIVE, this.streamKey, args);
		}).then();
	}

	@Override
	public Mono<PipelineStats> stats() {
		return this.redis.execute(RedisJobScripts.STATS, this.allKeys, List.of(this.group))
			.next()
			.map((counts) -> new PipelineStats(count(counts, 0), count(counts, 1), count(counts, 2), count(counts, 3)));
	}

	@Override
	public Flux<DeadLetter> deadLetters(int limit) {
		return this.redis.opsForStream()
			.reverseRange(this.allKeys.get(2), Range.unbounded(), Limit.limit().count(limit))
			.map(RedisJobDriver::deadLetter);
	}

	@Override
	public boolean ordersByPriority() {
		return false;
	}

	/**
	 * Closes the connection of blocking reads, so that a take waiting on it returns
	 * empty, then leaves the group unless this instance still holds jobs (which another
	 * instance claims after the visibility timeout). Takes no job afterwards; pushes and
	 * the outcomes of jobs still running go on. Waits a few seconds at most.
	 */
	@Override
	public void close() {
		ReactiveRedisConnection connection;
		synchronized (this) {
			this.closed = true;
			connection = this.blocking;
			this.blocking = null;
		}
		Mono<Void> leave = this.redis.execute(RedisJobScripts.LEAVE, this.streamKey, List.of(this.group, this.consumer))
			.then();
		// Closed first: a read still waiting on the server could add an entry to this
		// consumer after it left.
		((connection != null) ? connection.closeLater() : Mono.<Void>empty()).onErrorComplete()
			.then(leave)
			.block(CLOSE_TIMEOUT);
	}

	/**
	 * Returns this driver's name in the consumer group.
	 * @return the consumer's name
	 */
	String consumer() {
		return this.consumer;
	}

	private Mono<List<Delivery>> takeDue(int max) {
		long now = System.nanoTime();
		if (now - this.nextPrune >= 0) {
			this.nextPrune = now + this.pruneEveryNanos;
			return this.redis.execute(RedisJobScripts.PRUNE, this.streamKey, List.of(this.group, this.pruneIdleMillis))
				.then(Mono.defer(() -> claimAndRead(max)));
		}
		return claimAndRead(max);
	}

	private Mono<List<Delivery>> claimAndRead(int max) {
		List<String> args = List.of(this.group, this.consumer, Integer.toString(max), this.visibilityMillis,
				this.claimCursor, Integer.toString(MOVE_BATCH));
		return this.redis.execute(RedisJobScripts.TAKE, this.queueKeys, args).next().map((reply) -> {
			this.claimCursor = (String) reply.get(0);
			List<Delivery> jobs = new ArrayList<>((reply.size() - 1) / RedisJobScripts.VALUES_PER_JOB);
			for (int i = 1; i + RedisJobScripts.VALUES_PER_JOB <= reply.size(); i += RedisJobScripts.VALUES_PER_JOB) {
				jobs.add(new Delivery(
						job((String) reply.get(i + 1), (String) reply.get(i + 2), (String) reply.get(i + 3),
								(String) reply.get(i + 4), (String) reply.get(i + 5), (String) reply.get(i + 6)),
						(String) reply.get(i)));
			}
			return jobs;
		});
	}

	// A take cancelled while Redis hands it jobs would leave them pending on this
	// instance
	// until the visibility timeout (a blocking read goes on on the server up to the poll
	// timeout): the read runs to its end, and what it got goes back to the stream.
	private Mono<List<Delivery>> handedBackIfCancelled(Mono<List<Delivery>> read) {
		return Mono.create((sink) -> {
			AtomicBoolean settled = new AtomicBoolean();
			sink.onCancel(() -> settled.set(true));
			read.subscribe((jobs) -> {
				if (settled.compareAndSet(false, true)) {
					sink.success(jobs);
				}
				else {
					handBack(jobs);
				}
			}, (ex) -> {
				if (settled.compareAndSet(false, true)) {
					sink.error(ex);
				}
			}, () -> {
				if (settled.compareAndSet(false, true)) {
					sink.success();
				}
			});
		});
	}

	private void handBack(List<Delivery> jobs) {
		Flux.fromIterable(jobs)
			.flatMap((delivery) -> retry(delivery, delivery.job().attempt(), delivery.job().notBeforeMillis()))
			.subscribe(null, (ex) -> logger.warn("Could not hand back " + jobs.size() + " jobs of " + this.stream
					+ " that a cancelled take got; they run once their visibility timeout passed", ex));
	}

	// Waits on the server for entries no consumer has read yet.
	private Mono<List<Delivery>> readNew(int max, long remainingNanos) {
		long blockMillis = Math.max(1,
				Math.min(Duration.ofNanos(remainingNanos).toMillis(), this.pollTimeout.toMillis()));
		StreamReadOptions options = StreamReadOptions.empty().count(max).block(Duration.ofMillis(blockMillis));
		return Mono.fromCallable(this::blockingConnection)
			.flatMapMany((connection) -> connection.streamCommands()
				.xReadGroup(Consumer.from(this.group, this.consumer), options,
						StreamOffset.create(ByteBuffer.wrap(this.stream.getBytes(StandardCharsets.UTF_8)),
								ReadOffset.lastConsumed())))
			.map(RedisJobDriver::delivery)
			.collectList()
			.onErrorResume((ex) -> this.closed, (ex) -> Mono.just(List.of()));
	}

	private synchronized ReactiveRedisConnection blockingConnection() {
		if (this.closed) {
			throw new IllegalStateException("The Redis driver of " + this.stream + " is closed");
		}
		ReactiveRedisConnection connection = this.blocking;
		if (connection == null) {
			// Lettuce runs blocking commands on a connection of this object's own, opened
			// on the first one and kept until closed.
			connection = this.connectionFactory.getReactiveConnection();
			this.blocking = connection;
		}
		return connection;
	}

	private List<String> ownerArgs(Delivery delivery) {
		List<String> args = new ArrayList<>(12);
		args.add(this.group);
		args.add(this.consumer);
		args.add(delivery.receipt());
		return args;
	}

	// Relative to this instance's clock: the scripts add it to the server's, so that the
	// instances' clocks need not agree with Redis.
	private static String delay(long notBeforeMillis) {
		return Long.toString(Math.max(0, notBeforeMillis - System.currentTimeMillis()));
	}

	private static void addFields(List<String> args, QueuedJob job) {
		args.add(job.id());
		args.add(job.payload());
		args.add(Integer.toString(job.attempt()));
		args.add(Long.toString(job.pushedAtMillis()));
		args.add(Long.toString(job.notBeforeMillis()));
		args.add(Integer.toString(job.priority()));
	}

	private static Delivery delivery(ByteBufferRecord record) {
		Map<String, String> fields = new HashMap<>();
		record.getValue().forEach((field, value) -> fields.put(string(field), string(value)));
		return new Delivery(job(fields.get("id"), fields.get("payload"), fields.get("attempt"), fields.get("pushedAt"),
				fields.get("notBefore"), fields.get("priority")), record.getId().getValue());
	}

	private static QueuedJob job(@Nullable String id, @Nullable String payload, @Nullable String attempt,
			@Nullable String pushedAt, @Nullable String notBefore, @Nullable String priority) {
		if (id == null || payload == null || attempt == null || pushedAt == null || notBefore == null
				|| priority == null) {
			throw new IllegalStateException("A job entry lacks fields: id " + id);
		}
		return new QueuedJob(id, payload, Integer.parseInt(attempt), Long.parseLong(pushedAt),
				Long.parseLong(notBefore), Integer.parseInt(priority));
	}

	private static DeadLetter deadLetter(MapRecord<String, Object, Object> record) {
		Map<Object, Object> fields = record.getValue();
		return new DeadLetter(String.valueOf(fields.get("id")), String.valueOf(fields.get("payload")),
				Integer.parseInt(String.valueOf(fields.get("attempts"))), String.valueOf(fields.get("error")),
				Long.parseLong(String.valueOf(fields.get("failedAt"))));
	}

	private static String string(ByteBuffer buffer) {
		return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
	}

	private static long count(List<?> counts, int index) {
		return ((Number) counts.get(index)).longValue();
	}

	private static void requireAtLeastAMillisecond(String name, Duration duration) {
		if (duration.toMillis() < 1) {
			throw new IllegalArgumentException(
					"The " + name + " of a Redis pipeline must be at least 1ms, was " + duration);
		}
	}

}
