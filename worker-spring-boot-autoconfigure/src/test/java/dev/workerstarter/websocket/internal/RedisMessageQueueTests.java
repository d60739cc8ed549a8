package dev.workerstarter.websocket.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.workerstarter.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RedisMessageQueueTests {

	private static LettuceConnectionFactory connectionFactory;

	private final String keyPrefix = TestRedis.keyPrefix();

	private final RedisMessageQueue queue = new RedisMessageQueue(connectionFactory, this.keyPrefix,
			Duration.ofMinutes(1));

	@BeforeAll
	static void connect() {
		connectionFactory = TestRedis.connectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@Test
	void givesTheMessagesOfAConnectionInTheOrderTheyWereAdded() {
		List<String> messages = IntStream.range(0, 200)
			.mapToObj((i) -> "{\"event\":\"N\",\"data\":" + i + "}")
			.toList();
		Flux.fromIterable(messages).concatMap((message) -> this.queue.add("c 1", message)).blockLast();
		this.queue.add("other", "x").block();
		List<String> polled = new ArrayList<>();
		String message;
		while ((message = this.queue.poll("c 1").block()) != null) {
			polled.add(message);
		}
		assertThat(polled).isEqualTo(messages);
		assertThat(this.queue.poll("other").block()).isEqualTo("x");
		assertThat(this.queue.poll("other").block()).isNull();
	}

	@Test
	void keepsAnyText() {
		String text = "{\"event\":\"X\",\"data\":\"é 😀 \\n \\\" :-\"}\n ";
		this.queue.add("c", text).block();
		assertThat(this.queue.poll("c").block()).isEqualTo(text);
	}

	@Test
	void clearDropsEveryMessageOfAConnection() {
		this.queue.add("c", "1").block();
		this.queue.add("c", "2").block();
		this.queue.add("d", "3").block();
		this.queue.clear("c").block();
		this.queue.clear("none").block();
		assertThat(this.queue.poll("c").block()).isNull();
		assertThat(this.queue.poll("d").block()).isEqualTo("3");
	}

	@Test
	void dropsMessagesNobodyTookWithinTheExpiry() {
		RedisMessageQueue expiring = new RedisMessageQueue(connectionFactory, this.keyPrefix, Duration.ofMillis(300));
		ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(connectionFactory);
		String key = this.keyPrefix + "queue:c";
		expiring.add("c", "1").block();
		assertThat(redis.getExpire(key).block()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(300));
		// Looked at without polling, which would take the message.
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> !redis.hasKey(key).block());
		assertThat(expiring.poll("c").block()).isNull();
	}

	@Test
	void eachAddExtendsTheExpiry() {
		RedisMessageQueue expiring = new RedisMessageQueue(connectionFactory, this.keyPrefix, Duration.ofMillis(400));
		RedisMessageQueue lasting = new RedisMessageQueue(connectionFactory, this.keyPrefix, Duration.ofMinutes(1));
		expiring.add("c", "1").block();
		expiring.add("d", "1").block();
		lasting.add("c", "2").block();
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> !new ReactiveStringRedisTemplate(connectionFactory).hasKey(this.keyPrefix + "queue:d")
				.block());
		assertThat(this.queue.poll("c").block()).isEqualTo("1");
		assertThat(this.queue.poll("c").block()).isEqualTo("2");
	}

}
