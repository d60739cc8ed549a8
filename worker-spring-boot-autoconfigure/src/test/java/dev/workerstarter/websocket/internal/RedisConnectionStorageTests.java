package dev.workerstarter.websocket.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.workerstarter.support.TestRedis;
import dev.workerstarter.websocket.WsConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RedisConnectionStorageTests {

	private static final Duration LONG = Duration.ofMinutes(1);

	private static LettuceConnectionFactory connectionFactory;

	private final String keyPrefix = TestRedis.keyPrefix();

	private final RedisConnectionStorage storage = new RedisConnectionStorage(connectionFactory, this.keyPrefix);

	@BeforeAll
	static void connect() {
		connectionFactory = TestRedis.connectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@Test
	void findsWhatItInserted() {
		// Ids and instance ids may hold any character; the opening time keeps its nanos.
		WsConnection connection = new WsConnection("c 1:x", "instance a:1 b",
				Instant.parse("2026-01-02T03:04:05.123456789Z"));
		this.storage.insert(connection, LONG).block();
		assertThat(this.storage.find("c 1:x").block()).isEqualTo(connection);
		assertThat(this.storage.find("c").block()).isNull();
		assertThat(this.storage.all().collectList().block()).containsExactly(connection);
		assertThat(this.storage.count().block()).isEqualTo(1);
	}

	@Test
	void removesAConnection() {
		this.storage.insert(connection("a"), LONG).block();
		this.storage.insert(connection("b"), LONG).block();
		assertThat(this.storage.remove("a").block()).isTrue();
		assertThat(this.storage.remove("a").block()).isFalse();
		assertThat(this.storage.find("a").block()).isNull();
		assertThat(this.storage.all().collectList().block()).containsExactly(connection("b"));
		assertThat(this.storage.count().block()).isEqualTo(1);
	}

	@Test
	void leavesOutAndDropsExpiredConnections() {
		this.storage.insert(connection("short"), Duration.ofMillis(300)).block();
		this.storage.insert(connection("long"), LONG).block();
		assertThat(this.storage.find("short").block()).isNotNull();
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.storage.find("short").block() == null);
		assertThat(this.storage.all().collectList().block()).containsExactly(connection("long"));
		assertThat(this.storage.count().block()).isEqualTo(1);
		// Pruned from both keys, not only left out.
		ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(connectionFactory);
		assertThat(redis.opsForZSet().size(this.keyPrefix + "{connections}").block()).isEqualTo(1);
		assertThat(redis.opsForHash().keys(this.keyPrefix + "{connections}:data").collectList().block())
			.containsExactly("long");
	}

	@Test
	void countDropsExpiredConnectionsToo() {
		this.storage.insert(connection("short"), Duration.ofMillis(200)).block();
		this.storage.insert(connection("long"), LONG).block();
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.storage.count().block() == 1);
		ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(connectionFactory);
		assertThat(redis.opsForHash().keys(this.keyPrefix + "{connections}:data").collectList().block())
			.containsExactly("long");
	}

	@Test
	void refreshKeepsConnectionsAlive() {
		Duration expiry = Duration.ofMillis(400);
		this.storage.insert(connection("refreshed"), expiry).block();
		this.storage.insert(connection("left"), expiry).block();
		this.storage.refresh(List.of(connection("refreshed")), LONG).block();
		// Inserted with the same expiry: the one that was not refreshed is gone.
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.storage.find("left").block() == null);
		assertThat(this.storage.find("refreshed").block()).isEqualTo(connection("refreshed"));
		assertThat(this.storage.all().collectList().block()).containsExactly(connection("refreshed"));
	}

	@Test
	void refreshStoresAgainAConnectionThatExpired() {
		this.storage.insert(connection("a"), Duration.ofMillis(100)).block();
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.storage.count().block() == 0);
		this.storage.refresh(List.of(connection("a")), LONG).block();
		assertThat(this.storage.find("a").block()).isEqualTo(connection("a"));
	}

	@Test
	void refreshesManyConnections() {
		List<WsConnection> connections = IntStream.range(0, 1234).mapToObj((i) -> connection("c" + i)).toList();
		this.storage.refresh(connections, LONG).block();
		assertThat(this.storage.count().block()).isEqualTo(1234);
		assertThat(this.storage.all().collectList().block()).containsExactlyInAnyOrderElementsOf(connections);
		this.storage.refresh(List.of(), LONG).block();
		assertThat(this.storage.count().block()).isEqualTo(1234);
	}

	@Test
	void isEmptyAtFirst() {
		assertThat(this.storage.all().collectList().block()).isEmpty();
		assertThat(this.storage.count().block()).isZero();
		assertThat(this.storage.remove("a").block()).isFalse();
	}

	@Test
	void storagesWithOtherPrefixesKeepApart() {
		RedisConnectionStorage other = new RedisConnectionStorage(connectionFactory, TestRedis.keyPrefix());
		this.storage.insert(connection("a"), LONG).block();
		assertThat(other.find("a").block()).isNull();
		assertThat(other.count().block()).isZero();
	}

	private static WsConnection connection(String id) {
		return new WsConnection(id, "instance-1", Instant.parse("2026-01-02T03:04:05Z"));
	}

}
