package dev.workerstarter.websocket.internal;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import reactor.core.publisher.Mono;

import dev.workerstarter.websocket.WsMessageQueue;

/**
 * The message queue of a single instance, in its memory ({@code storage: memory}).
 */
public final class InMemoryMessageQueue implements WsMessageQueue {

	private final Map<String, Queue<String>> queues = new ConcurrentHashMap<>();

	@Override
	public Mono<Void> add(String connectionId, String message) {
		return Mono.fromRunnable(
				() -> this.queues.computeIfAbsent(connectionId, (id) -> new ConcurrentLinkedQueue<>()).add(message));
	}

	@Override
	public Mono<String> poll(String connectionId) {
		return Mono.fromSupplier(() -> {
			Queue<String> queue = this.queues.get(connectionId);
			return (queue != null) ? queue.poll() : null;
		});
	}

	@Override
	public Mono<Void> clear(String connectionId) {
		return Mono.fromRunnable(() -> this.queues.remove(connectionId));
	}

}
