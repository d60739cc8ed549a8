package dev.workerstarter.websocket.internal;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The connections this instance holds, by id and by channel, and the slots of
 * {@code max-connections}: a handshake takes a slot before it is accepted, the connection
 * gives it back when it ends.
 */
final class LocalConnections {

	private final Map<String, LocalConnection> byId = new ConcurrentHashMap<>();

	private final Map<String, Set<LocalConnection>> byChannel = new ConcurrentHashMap<>();

	private final AtomicInteger slots = new AtomicInteger();

	private final int maxConnections;

	/**
	 * Creates the registry.
	 * @param maxConnections most connections at once, {@code 0} for no limit
	 */
	LocalConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	boolean tryReserve() {
		if (this.maxConnections == 0) {
			this.slots.incrementAndGet();
			return true;
		}
		for (;;) {
			int taken = this.slots.get();
			if (taken >= this.maxConnections) {
				return false;
			}
			if (this.slots.compareAndSet(taken, taken + 1)) {
				return true;
			}
		}
	}

	void release() {
		this.slots.decrementAndGet();
	}

	void add(LocalConnection connection) {
		this.byId.put(connection.id(), connection);
	}

	void remove(LocalConnection connection) {
		this.byId.remove(connection.id(), connection);
		for (String channel : connection.channels()) {
			leave(connection, channel);
		}
	}

	@Nullable LocalConnection get(String id) {
		return this.byId.get(id);
	}

	Collection<LocalConnection> all() {
		return this.byId.values();
	}

	int size() {
		return this.byId.size();
	}

	void join(LocalConnection connection, String channel) {
		if (connection.channels().add(channel)) {
			this.byChannel.computeIfAbsent(channel, (name) -> ConcurrentHashMap.newKeySet()).add(connection);
			if (!this.byId.containsKey(connection.id())) {
				leave(connection, channel); // it closed meanwhile
			}
		}
	}

	void leave(LocalConnection connection, String channel) {
		connection.channels().remove(channel);
		this.byChannel.computeIfPresent(channel, (name, members) -> {
			members.remove(connection);
			return members.isEmpty() ? null : members;
		});
	}

	Collection<LocalConnection> inChannel(String channel) {
		Set<LocalConnection> members = this.byChannel.get(channel);
		return (members != null) ? members : Set.of();
	}

}
