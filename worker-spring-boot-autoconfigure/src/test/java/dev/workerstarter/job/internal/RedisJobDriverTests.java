package dev.workerstarter.job.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.util.RaceTestUtils;

import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.workerstarter.job.internal.JobDriver.Delivery;
import dev.workerstarter.job.internal.JobDriver.PipelineStats;
import dev.workerstarter.job.internal.JobDriver.QueuedJob;
import dev.workerstarter.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class RedisJobDriverTests extends JobDriverContractTests {

	private static final String PIPELINE = "mail";

	private static final String GROUP = "workers";

	private static final Duration LONG = Duration.ofMinutes(5);

	private static final LettuceConnectionFactory connectionFactory = TestRedis.connectionFactory();

	private final ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(connectionFactory);

	private final String keyPrefix = TestRedis.keyPrefix();

	private final String stream = this.keyPrefix + "{" + PIPELINE + "}:stream";

	private final List<RedisJobDriver> drivers = new ArrayList<>();

	@Override
	protected JobDriver createDriver() {
		return driver(LONG, Duration.ofSeconds(1));
	}

	@AfterEach
	void closeDrivers() {
		this.drivers.forEach(RedisJobDriver::close);
	}

	@Test
	void anotherInstanceClaimsTheJobsOfADeadOneAfterTheVisibilityTimeout() {
		RedisJobDriver alive = driver(Duration.ofMillis(300), Duration.ofSeconds(1));
		RedisJobDriver dead = driver(Duration.ofMillis(300), Duration.ofSeconds(1));
		for (int i = 0; i < 3; i++) {
			alive.push(job("{\"n\":" + i + "}")).block();
		}
		List<Delivery> lost = take(dead, 10);
		assertThat(lost).hasSize(3);
		assertThat(take(alive, 10)).isEmpty();
		List<Delivery> claimed = new ArrayList<>();
		await().atMost(AT_MOST).pollInterval(Duration.ofMillis(20)).until(() -> {
			claimed.addAll(take(alive, 10));
			return claimed.size() >= 3;
		});
		// the dead instance's attempt counts: each job comes with the next one
		assertThat(claimed).extracting(Delivery::job)
			.containsExactlyInAnyOrderElementsOf(jobs(lost).stream().map((job) -> attempt(job, 2)).toList());
		assertThat(claimed).allSatisfy((delivery) -> assertThat(owner(delivery)).isEqualTo(alive.consumer()));
		// The dead instance coming back acknowledges nothing: the job is the claimer's.
		dead.ack(lost.get(0)).block();
		dead.deadLetter(lost.get(1), "late").block();
		dead.retry(lost.get(2), 2, System.currentTimeMillis()).block();
		assertThat(stats(alive)).isEqualTo(new PipelineStats(0, 0, 3, 0));
		claimed.forEach((delivery) -> alive.ack(delivery).block());
		assertThat(stats(alive)).isEqualTo(new PipelineStats(0, 0, 0, 0));
	}

	@Test
	void eachClaimCountsTheAttemptOfTheInstanceThatStoppedAnsweringAndARetryKeepsTheCount() {
		RedisJobDriver first = driver(Duration.ofMillis(200), Duration.ofSeconds(1));
		RedisJobDriver second = driver(Duration.ofMillis(200), Duration.ofSeconds(1));
		RedisJobDriver third = driver(Duration.ofMillis(200), Duration.ofSeconds(1));
		first.push(job("{\"poison\":true}")).block();
		assertThat(take(first, 1)).extracting((delivery) -> delivery.job().attempt()).containsExactly(1);
		assertThat(claimedBy(second).job().attempt()).isEqualTo(2);
		Delivery third1 = claimedBy(third);
		assertThat(third1.job().attempt()).isEqualTo(3);
		// handed back as it was (a pause, a refusal of the pool): the count stays
		third.retry(third1, third1.job().attempt(), System.currentTimeMillis()).block();
		assertThat(take(first, 1)).extracting((delivery) -> delivery.job().attempt()).containsExactly(3);
	}

	private static Delivery claimedBy(RedisJobDriver driver) {
		List<Delivery> claimed = new ArrayList<>();
		await().atMost(AT_MOST).pollInterval(Duration.ofMillis(20)).until(() -> {
			claimed.addAll(take(driver, 1));
			return !claimed.isEmpty();
		});
		return claimed.get(0);
	}

	@Test
	void consumersOfInstancesGoneAreRemovedOnceTheirJobsWereClaimed() {
		RedisJobDriver alive = driver(Duration.ofMillis(300), Duration.ofMillis(10));
		RedisJobDriver dead = driver(Duration.ofMillis(300), Duration.ofMillis(10));
		for (int i = 0; i < 3; i++) {
			alive.push(job("{}")).block();
		}
		assertThat(take(dead, 10)).hasSize(3);
		List<Delivery> claimed = new ArrayList<>();
		await().atMost(AT_MOST).pollInterval(Duration.ofMillis(20)).until(() -> {
			claimed.addAll(take(alive, 10));
			return claimed.size() >= 3;
		});
		await().atMost(AT_MOST).pollInterval(Duration.ofMillis(20)).until(() -> {
			take(alive, 10);
			return consumers().equals(List.of(alive.consumer()));
		});
		assertThat(stats(alive)).isEqualTo(new PipelineStats(0, 0, 3, 0));
	}

	@Test
	void aKeepAliveKeepsARunningJobFromBeingClaimed() {
		RedisJobDriver running = driver(Duration.ofSeconds(1), Duration.ofSeconds(1));
		RedisJobDriver other = driver(Duration.ofSeconds(1), Duration.ofSeconds(1));
		running.push(job("{}")).block();
		List<Delivery> held = take(running, 1);
		await().during(Duration.ofMillis(2500)).atMost(AT_MOST).pollInterval(Duration.ofMillis(100)).until(() -> {
			running.keepAlive(held).block(AT_MOST);
			return take(other, 1).isEmpty();
		});
		assertThat(owner(held.get(0))).isEqualTo(running.consumer());
		// Without keep-alives it expires.
		List<Delivery> claimed = await().atMost(AT_MOST)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> take(other, 1), (taken) -> !taken.isEmpty());
		assertThat(claimed).extracting(Delivery::job).containsExactly(attempt(held.get(0).job(), 2));
	}

	@Test
	void aKeepAliveDoesNotTakeBackAJobAnotherInstanceClaimed() {
		RedisJobDriver slow = driver(Duration.ofMillis(300), Duration.ofSeconds(1));
		RedisJobDriver other = driver(Duration.ofMillis(300), Duration.ofSeconds(1));
		slow.push(job("{}")).block();
		Delivery held = take(slow, 1).get(0);
		Delivery claimed = await().atMost(AT_MOST)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> take(other, 1), (taken) -> !taken.isEmpty())
			.get(0);
		slow.keepAlive(List.of(held)).block();
		assertThat(owner(claimed)).isEqualTo(other.consumer());
		slow.ack(held).block();
		assertThat(stats(other)).isEqualTo(new PipelineStats(0, 0, 1, 0));
		other.ack(claimed).block();
		assertThat(stats(other)).isEqualTo(new PipelineStats(0, 0, 0, 0));
	}

	@Test
	void aWaitingTakeDoesNotHoldUpOtherCommands() {
		RedisJobDriver waiting = driver(LONG, Duration.ofSeconds(30));
		take(waiting, 1);
		CompletableFuture<List<Delivery>> take = waiting.take(1, Duration.ofSeconds(30)).toFuture();
		await().atMost(AT_MOST).pollInterval(Duration.ofMillis(10)).until(() -> blockedClients() > 0);
		// The application's shared connection, and the driver's own commands, go on.
		Duration quick = Duration.ofSeconds(2);
		this.redis.opsForValue().set(this.keyPrefix + "other", "value").block(quick);
		assertThat(this.redis.opsForValue().get(this.keyPrefix + "other").block(quick)).isEqualTo("value");
		assertThat(waiting.stats().block(quick)).isEqualTo(new PipelineStats(0, 0, 0, 0));
		QueuedJob job = job(TRICKY_PAYLOAD);
		waiting.push(job).block(quick);
		assertThat(take.join()).extracting(Delivery::job).containsExactly(job);
	}

	@Test
	void aCancelledTakeHandsBackWhatItsReadGotAfterwards() {
		RedisJobDriver cancelled = driver(LONG, Duration.ofSeconds(30));
		take(cancelled, 1);
		CompletableFuture<List<Delivery>> take = cancelled.take(1, Duration.ofSeconds(30)).toFuture();
		await().atMost(AT_MOST).pollInterval(Duration.ofMillis(10)).until(() -> blockedClients() > 0);
		take.cancel(true);
		// The read still waits on the server and gets this job.
		QueuedJob job = job("{}");
		this.driver.push(job).block();
		List<Delivery> taken = await().atMost(AT_MOST)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> take(this.driver, 1), (jobs) -> !jobs.isEmpty());
		assertThat(taken).extracting(Delivery::job).containsExactly(job);
		assertThat(stats(this.driver)).isEqualTo(new PipelineStats(0, 0, 1, 0));
	}

	@Test
	void twoInstancesMoveEachDueDelayedJobOnce() {
		RedisJobDriver first = driver(LONG, Duration.ofMillis(50));
		RedisJobDriver second = driver(LONG, Duration.ofMillis(50));
		int jobs = 2000;
		long due = System.currentTimeMillis() + 300;
		Flux.range(0, jobs)
			.flatMap((i) -> first.push(new QueuedJob("job-" + i, "{}", 1, due - 300, due, 0)), 64)
			.blockLast(AT_MOST);
		Map<String, AtomicInteger> takes = new ConcurrentHashMap<>();
		AtomicInteger total = new AtomicInteger();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1)).until(() -> {
			RaceTestUtils.race(() -> count(take(first, 100), takes, total),
					() -> count(take(second, 100), takes, total));
			return total.get() >= jobs;
		});
		assertThat(takes).hasSize(jobs);
		assertThat(takes.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
		assertThat(stats(first)).isEqualTo(new PipelineStats(0, 0, jobs, 0));
	}

	@Test
	void instancesShareOneGroupThatReadsJobsPushedBeforeItExisted() {
		RedisJobDriver first = driver(LONG, Duration.ofSeconds(1));
		RedisJobDriver second = driver(LONG, Duration.ofSeconds(1));
		for (int i = 0; i < 6; i++) {
			first.push(job("{\"n\":" + i + "}")).block();
		}
		Map<String, AtomicInteger> takes = new ConcurrentHashMap<>();
		AtomicInteger total = new AtomicInteger();
		RaceTestUtils.race(() -> count(take(first, 3), takes, total), () -> count(take(second, 3), takes, total));
		assertThat(total.get()).isEqualTo(6);
		assertThat(takes).hasSize(6);
		assertThat(this.redis.opsForStream().groups(this.stream).collectList().block()).singleElement()
			.satisfies((group) -> {
				assertThat(group.groupName()).isEqualTo(GROUP);
				assertThat(group.consumerCount()).isEqualTo(2);
			});
	}

	@Test
	void jobsOutliveTheDriverThatHeldThem() {
		RedisJobDriver closing = driver(Duration.ofMillis(300), Duration.ofSeconds(1));
		List<QueuedJob> pushed = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			pushed.add(job("{\"n\":" + i + "}"));
			closing.push(pushed.get(i)).block();
		}
		List<Delivery> unfinished = take(closing, 4);
		closing.close();
		RedisJobDriver reopened = driver(Duration.ofMillis(300), Duration.ofSeconds(1));
		List<QueuedJob> taken = new ArrayList<>(jobs(takeAndAck(reopened)));
		assertThat(taken).containsExactlyElementsOf(pushed.subList(4, 10));
		await().atMost(AT_MOST).pollInterval(Duration.ofMillis(20)).until(() -> {
			taken.addAll(jobs(takeAndAck(reopened)));
			return taken.size() >= 10;
		});
		// the closed driver's attempts count: they ended without an answer
		List<QueuedJob> expected = new ArrayList<>(pushed.subList(4, 10));
		pushed.subList(0, 4).forEach((job) -> expected.add(attempt(job, 2)));
		assertThat(taken).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(jobs(unfinished)).containsExactlyElementsOf(pushed.subList(0, 4));
	}

	@Test
	void aClosedDriverLeavesTheGroupUnlessItHoldsJobs() {
		RedisJobDriver holding = driver(LONG, Duration.ofSeconds(1));
		RedisJobDriver idle = driver(LONG, Duration.ofSeconds(1));
		holding.push(job("{}")).block();
		assertThat(take(holding, 1)).hasSize(1);
		assertThat(take(idle, 1)).isEmpty();
		holding.close();
		idle.close();
		assertThat(consumers()).containsExactly(holding.consumer());
	}

	@Test
	void aWaitingTakeOutlivesTheLossOfItsConnection() {
		RedisJobDriver cut = driver(LONG, Duration.ofSeconds(30));
		take(cut, 1);
		CompletableFuture<List<Delivery>> take = cut.take(1, Duration.ofSeconds(30)).toFuture();
		await().atMost(AT_MOST).pollInterval(Duration.ofMillis(10)).until(() -> blockedClients() > 0);
		ReactiveRedisConnection connection = connectionFactory.getReactiveConnection();
		List<String> killed = connection.serverCommands()
			.getClientList()
			.filter((client) -> "xreadgroup".equals(client.get("cmd")))
			.concatMap((client) -> {
				String[] address = client.getAddressPort().split(":");
				return connection.serverCommands().killClient(address[0], Integer.parseInt(address[1]));
			})
			.collectList()
			.block(AT_MOST);
		assertThat(killed).hasSize(1);
		// Lettuce connects again and sends the read again.
		QueuedJob job = job("{}");
		cut.push(job).block();
		assertThat(take).succeedsWithin(AT_MOST)
			.satisfies((taken) -> assertThat(taken).extracting(Delivery::job).containsExactly(job));
	}

	@Test
	void closingEndsAWaitingTakeAndTakesNoMore() {
		RedisJobDriver closing = driver(LONG, Duration.ofSeconds(30));
		take(closing, 1);
		CompletableFuture<List<Delivery>> take = closing.take(1, Duration.ofSeconds(30)).toFuture();
		await().atMost(AT_MOST).pollInterval(Duration.ofMillis(10)).until(() -> blockedClients() > 0);
		long start = System.nanoTime();
		closing.close();
		assertThat(take.join()).isEmpty();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		QueuedJob job = job("{}");
		closing.push(job).block();
		assertThat(closing.take(1, Duration.ofMillis(500)).block(AT_MOST)).isEmpty();
		assertThat(take(this.driver, 1)).extracting(Delivery::job).containsExactly(job);
	}

	@Test
	void doesNotOrderByPriority() {
		assertThat(this.driver.ordersByPriority()).isFalse();
	}

	@Test
	void rejectsAnEmptyPipelineName() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> new RedisJobDriver(connectionFactory, this.keyPrefix, GROUP, "", LONG, Duration.ofSeconds(1)));
	}

	private RedisJobDriver driver(Duration visibilityTimeout, Duration pollTimeout) {
		RedisJobDriver driver = new RedisJobDriver(connectionFactory, this.keyPrefix, GROUP, PIPELINE,
				visibilityTimeout, pollTimeout);
		this.drivers.add(driver);
		return driver;
	}

	private static List<Delivery> take(JobDriver driver, int max) {
		return driver.take(max, Duration.ZERO).block(AT_MOST);
	}

	private List<String> consumers() {
		return this.redis.opsForStream()
			.consumers(this.stream, GROUP)
			.map((consumer) -> consumer.consumerName())
			.collectList()
			.block(AT_MOST);
	}

	private static List<Delivery> takeAndAck(JobDriver driver) {
		List<Delivery> taken = take(driver, 10);
		taken.forEach((delivery) -> driver.ack(delivery).block(AT_MOST));
		return taken;
	}

	private static PipelineStats stats(JobDriver driver) {
		return driver.stats().block(AT_MOST);
	}

	private static QueuedJob attempt(QueuedJob job, int attempt) {
		return new QueuedJob(job.id(), job.payload(), attempt, job.pushedAtMillis(), job.notBeforeMillis(),
				job.priority());
	}

	private static List<QueuedJob> jobs(List<Delivery> deliveries) {
		return deliveries.stream().map(Delivery::job).toList();
	}

	private static void count(List<Delivery> taken, Map<String, AtomicInteger> takes, AtomicInteger total) {
		taken.forEach((delivery) -> takes.computeIfAbsent(delivery.job().id(), (id) -> new AtomicInteger())
			.incrementAndGet());
		total.addAndGet(taken.size());
	}

	// Who holds the entry, through Redis itself. (Spring Data Redis 4.1.2 fails to send
	// an
	// XPENDING with a range through Lettuce, so a script reads it.)
	private String owner(Delivery delivery) {
		List<?> pending = this.redis
			.execute(RedisScript.of("return redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)", List.class),
					List.of(this.stream), List.of(GROUP, delivery.receipt()))
			.next()
			.block(AT_MOST);
		assertThat(pending).hasSize(1);
		return (String) ((List<?>) pending.get(0)).get(1);
	}

	private long blockedClients() {
		ReactiveRedisConnection connection = connectionFactory.getReactiveConnection();
		return connection.serverCommands()
			.info("clients")
			.map((info) -> Long.parseLong(info.getProperty("blocked_clients").trim()))
			.block(AT_MOST);
	}

}
