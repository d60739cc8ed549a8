package dev.workerstarter.websocket.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.workerstarter.websocket.WsConnection;
import dev.workerstarter.websocket.WsConnectionStorage;

/**
 * The connections of a single instance, in its memory ({@code storage: memory}).
 */
public final class InMemoryConnectionStorage implements WsConnectionStorage {

	private final Map<String, Entry> connections = new ConcurrentHashMap<>();

	private final Clock clock;

	public InMemoryConnectionStorage(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Mono<Void> insert(WsConnection connection, Duration expiry) {
		return Mono.fromRunnable(() -> this.connections.put(connection.id(), entry(connection, expiry)));
	}

	@Override
	public Mono<Void> refresh(Collection<WsConnection> connections, Duration expiry) {
		return Mono.fromRunnable(() -> connections.forEach((connection) -> this.connections
			.computeIfPresent(connection.id(), (id, entry) -> entry(connection, expiry))));
	}

	@Override
	public Mono<Boolean> remove(String connectionId) {
		return Mono.fromSupplier(() -> this.connections.remove(connectionId) != null);
	}

	@Override
	public Mono<WsConnection> find(String connectionId) {
		return Mono.fromSupplier(() -> {
			Entry entry = this.connections.get(connectionId);
			return (entry != null && live(entry)) ? entry.connection() : null;
		});
	}

	@Override
	public Flux<WsConnection> all() {
		return Flux
			.defer(() -> Flux.fromStream(this.connections.values().stream().filter(this::live).map(Entry::connection)));
	}

	@Override
	public Mono<Long> count() {
		return all().count();
	}

	private Entry entry(WsConnection connection, Duration expiry) {
		return new Entry(connection, this.clock.instant().plus(expiry));
	}

	private boolean live(Entry entry) {
		return entry.expiresAt().isAfter(this.clock.instant());
	}

	private record Entry(WsConnection connection, Instant expiresAt) {
	}

}
