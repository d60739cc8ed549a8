package dev.workerstarter.websocket.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.workerstarter.websocket.WsConnection;
import dev.workerstarter.websocket.WsConnectionStorage;

/**
 * Which instance holds a connection this instance does not: looked up in the storage once
 * and remembered (a connection never moves), so that the commands for a connection are
 * handed on in the order they were given, those given while its lookup is under way
 * included. The most recently used connections are remembered; one that is not found is
 * not, so that a later command looks again.
 */
final class Owners {

	private final WsConnectionStorage storage;

	private final Map<String, Entry> entries;

	Owners(WsConnectionStorage storage, int capacity) {
		this.storage = storage;
		this.entries = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
				return size() > capacity;
			}

		};
	}

	/**
	 * Hands a command on to the connection's owner, once it is known, after every command
	 * given before it for that connection.
	 * @param connectionId the connection's id
	 * @param delivery what to do with the owner
	 */
	void submit(String connectionId, Delivery delivery) {
		Entry entry;
		boolean lookUp = false;
		synchronized (this.entries) {
			entry = this.entries.get(connectionId);
			if (entry == null) {
				entry = new Entry();
				this.entries.put(connectionId, entry);
				lookUp = true;
			}
		}
		entry.submit(delivery);
		if (lookUp) {
			Entry looking = entry;
			this.storage.find(connectionId).subscribe(looking::found, (ex) -> {
				forget(connectionId, looking);
				looking.failed(ex);
			}, () -> {
				if (!looking.isFound()) {
					forget(connectionId, looking);
					looking.missing();
				}
			});
		}
	}

	private void forget(String connectionId, Entry entry) {
		synchronized (this.entries) {
			this.entries.remove(connectionId, entry);
		}
	}

	/**
	 * What to do with a command once its connection's owner is looked up.
	 */
	interface Delivery {

		void found(WsConnection connection);

		void missing();

		void failed(Throwable ex);

	}

	// One connection's owner, and the commands waiting for it while it is looked up.
	private static final class Entry {

		private @Nullable WsConnection owner;

		private @Nullable List<Delivery> waiting = new ArrayList<>();

		private @Nullable Throwable failure;

		synchronized void submit(Delivery delivery) {
			List<Delivery> waiting = this.waiting;
			if (waiting != null) {
				waiting.add(delivery);
			}
			else {
				deliver(delivery);
			}
		}

		synchronized boolean isFound() {
			return this.owner != null;
		}

		synchronized void found(WsConnection connection) {
			this.owner = connection;
			drain();
		}

		synchronized void missing() {
			drain();
		}

		synchronized void failed(Throwable ex) {
			this.failure = ex;
			drain();
		}

		private void drain() {
			List<Delivery> waiting = this.waiting;
			this.waiting = null;
			if (waiting != null) {
				waiting.forEach(this::deliver);
			}
		}

		private void deliver(Delivery delivery) {
			WsConnection owner = this.owner;
			Throwable failure = this.failure;
			if (owner != null) {
				delivery.found(owner);
			}
			else if (failure != null) {
				delivery.failed(failure);
			}
			else {
				delivery.missing();
			}
		}

	}

}
