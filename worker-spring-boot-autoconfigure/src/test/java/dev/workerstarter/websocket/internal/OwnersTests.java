package dev.workerstarter.websocket.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.workerstarter.websocket.WsConnection;
import dev.workerstarter.websocket.WsConnectionStorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Commands for another instance's connection keep the order they were given in, also
 * while the owner is still being looked up in a storage that answers late.
 */
class OwnersTests {

	private final InMemoryConnectionStorage memory = new InMemoryConnectionStorage(Clock.systemUTC());

	private final AtomicInteger lookups = new AtomicInteger();

	// The in-memory storage, answering each lookup after a random delay, as Redis may.
	private final WsConnectionStorage slow = new WsConnectionStorage() {

		@Override
		public Mono<Void> insert(WsConnection connection, Duration expiry) {
			return OwnersTests.this.memory.insert(connection, expiry);
		}

		@Override
		public Mono<Void> refresh(Collection<WsConnection> connections, Duration expiry) {
			return OwnersTests.this.memory.refresh(connections, expiry);
		}

		@Override
		public Mono<Boolean> remove(String connectionId) {
			return OwnersTests.this.memory.remove(connectionId);
		}

		@Override
		public Mono<WsConnection> find(String connectionId) {
			return Mono.delay(Duration.ofMillis(ThreadLocalRandom.current().nextInt(5)))
				.doOnNext((tick) -> OwnersTests.this.lookups.incrementAndGet())
				.then(OwnersTests.this.memory.find(connectionId));
		}

		@Override
		public Flux<WsConnection> all() {
			return OwnersTests.this.memory.all();
		}

		@Override
		public Mono<Long> count() {
			return OwnersTests.this.memory.count();
		}

	};

	@RepeatedTest(20)
	void commandsForOneConnectionReachTheRelayInTheOrderTheyWereGiven() {
		this.memory.insert(new WsConnection("c1", "b", Instant.now()), Duration.ofMinutes(1)).block();
		Owners owners = new Owners(this.slow, 100);
		List<Integer> relayed = new CopyOnWriteArrayList<>();
		int commands = 500;
		for (int i = 0; i < commands; i++) {
			owners.submit("c1", new Recorded(i, relayed));
		}
		await().until(() -> relayed.size() == commands);
		assertThat(relayed).containsExactlyElementsOf(IntStream.range(0, commands).boxed().toList());
		assertThat(this.lookups).hasValue(1);
	}

	@Test
	void aConnectionNotFoundIsLookedUpAgainAndTheLeastRecentlyUsedAreForgotten() {
		Owners owners = new Owners(this.slow, 2);
		List<Integer> found = new CopyOnWriteArrayList<>();
		Recorded missing = new Recorded(-1, found);
		owners.submit("late", missing);
		await().until(() -> missing.missed);
		assertThat(found).isEmpty();
		this.memory.insert(new WsConnection("late", "b", Instant.now()), Duration.ofMinutes(1)).block();
		this.memory.insert(new WsConnection("x", "c", Instant.now()), Duration.ofMinutes(1)).block();
		this.memory.insert(new WsConnection("y", "c", Instant.now()), Duration.ofMinutes(1)).block();
		owners.submit("late", new Recorded(1, found));
		await().until(() -> found.size() == 1);
		owners.submit("x", new Recorded(2, found));
		owners.submit("y", new Recorded(3, found));
		await().until(() -> found.size() == 3);
		int before = this.lookups.get();
		owners.submit("late", new Recorded(4, found)); // forgotten: x and y came after it
		await().until(() -> found.size() == 4);
		assertThat(this.lookups.get()).isEqualTo(before + 1);
		owners.submit("late", new Recorded(5, found)); // remembered again
		assertThat(found).hasSize(5);
		assertThat(this.lookups.get()).isEqualTo(before + 1);
	}

	private static final class Recorded implements Owners.Delivery {

		private final int command;

		private final List<Integer> relayed;

		volatile boolean missed;

		Recorded(int command, List<Integer> relayed) {
			this.command = command;
			this.relayed = relayed;
		}

		@Override
		public void found(WsConnection connection) {
			this.relayed.add(this.command);
		}

		@Override
		public void missing() {
			this.missed = true;
		}

		@Override
		public void failed(Throwable ex) {
			throw new AssertionError(ex);
		}

	}

}
