package dev.workerstarter.websocket.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.workerstarter.support.TestRedis;
import dev.workerstarter.websocket.internal.RelayCommand.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class RedisRelayTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static LettuceConnectionFactory connectionFactory;

	private final String keyPrefix = TestRedis.keyPrefix();

	private final List<RedisRelay> started = new ArrayList<>();

	@BeforeAll
	static void connect() {
		connectionFactory = TestRedis.connectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@AfterEach
	void stop() {
		this.started.forEach(RedisRelay::stop);
	}

	@Test
	void sendsToOneInstanceOnly() {
		Instance a = start("a");
		Instance b = start("b");
		Instance c = start("c");
		RelayCommand send = new RelayCommand(Kind.SEND, "a", "c-1", null, "{\"event\":\"X\",\"data\":1}", 0);
		a.relay().toInstance("b", send).block();
		fence(a, b, c);
		assertThat(b.commands()).containsExactly(send, fenceOf("a"));
		assertThat(c.commands()).containsExactly(fenceOf("a"));
		assertThat(a.commands()).isEmpty();
	}

	@Test
	void sendsToAllTheOtherInstances() {
		Instance a = start("a");
		Instance b = start("b");
		Instance c = start("c");
		RelayCommand publish = new RelayCommand(Kind.PUBLISH, "a", null, "news", "{\"event\":\"N\"}", 0);
		a.relay().toAll(publish).block();
		fence(b, a, c);
		assertThat(b.commands()).containsExactly(publish);
		assertThat(c.commands()).containsExactly(publish, fenceOf("b"));
		// Not its own command: only the fence of b.
		assertThat(a.commands()).containsExactly(fenceOf("b"));
	}

	@Test
	void ignoresCommandsSentToItselfByItself() {
		Instance a = start("a");
		Instance b = start("b");
		a.relay().toInstance("a", new RelayCommand(Kind.DRAIN, "a", "c-1", null, null, 0)).block();
		b.relay().toInstance("a", fenceOf("b")).block();
		await().atMost(WAIT).until(() -> a.commands().contains(fenceOf("b")));
		assertThat(a.commands()).containsExactly(fenceOf("b"));
	}

	@Test
	void receivesWhatIsPublishedAsSoonAsStartCompletes() {
		Instance sender = start("sender");
		for (int i = 0; i < 20; i++) {
			Instance receiver = start("r" + i);
			RelayCommand direct = new RelayCommand(Kind.CLOSE, "sender", "c", null, "bye", 1000 + i);
			sender.relay().toInstance("r" + i, direct).block();
			RelayCommand all = new RelayCommand(Kind.BROADCAST, "sender", null, null, "b" + i, 0);
			sender.relay().toAll(all).block();
			await().atMost(WAIT).until(() -> receiver.commands().size() == 2);
			assertThat(receiver.commands()).containsExactly(direct, all);
		}
	}

	@Test
	void skipsMalformedCommandsAndGoesOn() {
		Instance a = start("a");
		ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(connectionFactory);
		for (String text : List.of("", "garbage", "SEND 0 1:x - - 99:short", "{\"kind\":\"SEND\"}",
				"NOPE 0 1:x - - -")) {
			redis.convertAndSend(this.keyPrefix + "instance:a", text).block();
			redis.convertAndSend(this.keyPrefix + "all", text).block();
		}
		RelayCommand after = new RelayCommand(Kind.JOIN, "b", "c", "room", null, 0);
		redis.convertAndSend(this.keyPrefix + "instance:a", RelayCommandCodec.encode(after)).block();
		await().atMost(WAIT).until(() -> a.commands().contains(after));
		assertThat(a.commands()).containsExactly(after);
	}

	@Test
	void goesOnAfterTheReceiverThrew() {
		List<RelayCommand> received = new CopyOnWriteArrayList<>();
		RedisRelay relay = relay();
		relay.start("a", (command) -> {
			received.add(command);
			if ("boom".equals(command.payload())) {
				throw new IllegalStateException("boom");
			}
		}).block(WAIT);
		Instance b = start("b");
		b.relay().toInstance("a", new RelayCommand(Kind.SEND, "b", "c", null, "boom", 0)).block();
		b.relay().toAll(new RelayCommand(Kind.SEND, "b", "c", null, "after", 0)).block();
		await().atMost(WAIT).until(() -> received.size() == 2);
		assertThat(received).extracting(RelayCommand::payload).containsExactly("boom", "after");
	}

	@Test
	void concurrentPublishesAllArriveInTheOrderOfEachPublisher() throws InterruptedException {
		int publishers = 8;
		int each = 300;
		Map<String, List<Integer>> received = new ConcurrentHashMap<>();
		RedisRelay receiver = relay();
		receiver
			.start("receiver",
					(command) -> received.computeIfAbsent(command.origin(), (origin) -> new ArrayList<>())
						.add(Integer.valueOf(command.payload())))
			.block(WAIT);
		List<RedisRelay> senders = new ArrayList<>();
		for (int p = 0; p < publishers; p++) {
			senders.add(relay());
		}
		ExecutorService executor = Executors.newFixedThreadPool(publishers);
		CountDownLatch go = new CountDownLatch(1);
		try {
			for (int p = 0; p < publishers; p++) {
				RedisRelay sender = senders.get(p);
				String origin = "p" + p;
				executor.execute(() -> {
					awaitQuietly(go);
					// Without waiting for each other: the order is the order of the
					// calls.
					for (int i = 0; i < each; i++) {
						RelayCommand command = new RelayCommand(Kind.SEND, origin, "c", null, Integer.toString(i), 0);
						((i % 2 == 0) ? sender.toInstance("receiver", command) : sender.toAll(command)).subscribe();
					}
				});
			}
			go.countDown();
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> received.values().stream().mapToInt(List::size).sum() >= publishers * each);
		}
		finally {
			executor.shutdownNow();
		}
		List<Integer> expected = IntStream.range(0, each).boxed().toList();
		assertThat(received).hasSize(publishers).allSatisfy((origin, values) -> assertThat(values).isEqualTo(expected));
	}

	@Test
	void receivesAgainOnceRedisDroppedItsConnection() {
		Instance a = start("a");
		Instance b = start("b");
		RedisClient admin = RedisClient.create(RedisURI.create("127.0.0.1", TestRedis.port()));
		try (StatefulRedisConnection<String, String> connection = admin.connect()) {
			assertThat(connection.sync().clientKill(KillArgs.Builder.typePubsub())).isPositive();
		}
		finally {
			admin.shutdown();
		}
		// Lettuce connects again and subscribes again: a command sent meanwhile may be
		// lost.
		RelayCommand command = new RelayCommand(Kind.DRAIN, "b", "c", null, null, 0);
		await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
			b.relay().toInstance("a", command).block();
			return a.commands().contains(command);
		});
	}

	@Test
	void stopUnsubscribes() {
		Instance a = start("a");
		ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(connectionFactory);
		assertThat(redis.convertAndSend(this.keyPrefix + "instance:a", "x").block()).isEqualTo(1);
		a.relay().stop();
		await().atMost(WAIT)
			.until(() -> redis.convertAndSend(this.keyPrefix + "instance:a", "x").block() == 0
					&& redis.convertAndSend(this.keyPrefix + "all", "x").block() == 0);
		a.relay().stop();
	}

	@Test
	void startsOnce() {
		Instance a = start("a");
		assertThatIllegalStateException().isThrownBy(() -> a.relay().start("a", (command) -> {
		}).block(WAIT));
	}

	private Instance start(String instanceId) {
		List<RelayCommand> commands = new CopyOnWriteArrayList<>();
		RedisRelay relay = relay();
		relay.start(instanceId, commands::add).block(WAIT);
		return new Instance(instanceId, relay, commands);
	}

	private RedisRelay relay() {
		RedisRelay relay = new RedisRelay(connectionFactory, this.keyPrefix);
		this.started.add(relay);
		return relay;
	}

	// Once every other instance received a command sent to all after the ones under test,
	// they received those too: Redis delivers the messages of one publisher in order.
	private void fence(Instance from, Instance... others) {
		from.relay().toAll(fenceOf(from.id())).block();
		await().atMost(WAIT)
			.until(() -> Stream.of(others).allMatch((other) -> other.commands().contains(fenceOf(from.id()))));
	}

	private static RelayCommand fenceOf(String origin) {
		return new RelayCommand(Kind.BROADCAST, origin, null, null, "fence", 0);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Instance(String id, RedisRelay relay, List<RelayCommand> commands) {
	}

}
