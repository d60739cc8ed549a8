package dev.workerstarter.websocket.internal;

import java.util.Collection;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.reactive.socket.CloseStatus;

import dev.workerstarter.websocket.WsConnection;
import dev.workerstarter.websocket.WsConnectionStorage;
import dev.workerstarter.websocket.WsMessageConverter;
import dev.workerstarter.websocket.WsMessageQueue;
import dev.workerstarter.websocket.WsMessageQueuedEvent;
import dev.workerstarter.websocket.WsServer;

/**
 * The server API: acts on this instance's connections itself, and through the
 * {@link WsRelay} on those the {@link WsConnectionStorage} says another instance holds.
 * Also the receiver of the commands other instances relay to this one.
 */
public final class DefaultWsServer implements WsServer {

	private static final Log logger = LogFactory.getLog(DefaultWsServer.class);

	private final String instanceId;

	private final LocalConnections connections;

	private final WsConnectionStorage storage;

	private final WsMessageQueue queue;

	private final WsRelay relay;

	private final WsMessageConverter converter;

	private final WsMeters meters;

	private final ApplicationEventPublisher publisher;

	DefaultWsServer(String instanceId, LocalConnections connections, WsConnectionStorage storage, WsMessageQueue queue,
			WsRelay relay, WsMessageConverter converter, WsMeters meters, ApplicationEventPublisher publisher) {
		this.instanceId = instanceId;
		this.connections = connections;
		this.storage = storage;
		this.queue = queue;
		this.relay = relay;
		this.converter = converter;
		this.meters = meters;
		this.publisher = publisher;
	}

	@Override
	public void send(String connectionId, String event, @Nullable Object data) {
		String text = this.converter.write(event, data);
		LocalConnection local = this.connections.get(connectionId);
		if (local != null) {
			offer(local, new Outbound(text, event));
			return;
		}
		toOwner(connectionId, new RelayCommand(RelayCommand.Kind.SEND, this.instanceId, connectionId, null, text, 0));
	}

	@Override
	public void broadcast(String event, @Nullable Object data) {
		String text = this.converter.write(event, data);
		offerAll(this.connections.all(), new Outbound(text, event));
		toAll(new RelayCommand(RelayCommand.Kind.BROADCAST, this.instanceId, null, null, text, 0));
	}

	@Override
	public void join(String connectionId, String channel) {
		LocalConnection local = this.connections.get(connectionId);
		if (local != null) {
			this.connections.join(local, channel);
			return;
		}
		toOwner(connectionId,
				new RelayCommand(RelayCommand.Kind.JOIN, this.instanceId, connectionId, channel, null, 0));
	}

	@Override
	public void leave(String connectionId, String channel) {
		LocalConnection local = this.connections.get(connectionId);
		if (local != null) {
			this.connections.leave(local, channel);
			return;
		}
		toOwner(connectionId,
				new RelayCommand(RelayCommand.Kind.LEAVE, this.instanceId, connectionId, channel, null, 0));
	}

	@Override
	public void publish(String channel, String event, @Nullable Object data) {
		String text = this.converter.write(event, data);
		offerAll(this.connections.inChannel(channel), new Outbound(text, event));
		toAll(new RelayCommand(RelayCommand.Kind.PUBLISH, this.instanceId, null, channel, text, 0));
	}

	@Override
	public Mono<Void> queue(String connectionId, String event, @Nullable Object data) {
		return Mono.fromCallable(() -> this.converter.write(event, data))
			.flatMap((text) -> this.queue.add(connectionId, text))
			.then(Mono.fromRunnable(() -> {
				this.publisher.publishEvent(new WsMessageQueuedEvent(this, connectionId, event));
				LocalConnection local = this.connections.get(connectionId);
				if (local != null) {
					drain(local);
				}
				else {
					toOwner(connectionId,
							new RelayCommand(RelayCommand.Kind.DRAIN, this.instanceId, connectionId, null, null, 0));
				}
			}));
	}

	@Override
	public void close(String connectionId, CloseStatus status) {
		LocalConnection local = this.connections.get(connectionId);
		if (local != null) {
			local.close(status);
			return;
		}
		toOwner(connectionId, new RelayCommand(RelayCommand.Kind.CLOSE, this.instanceId, connectionId, null,
				status.getReason(), status.getCode()));
	}

	@Override
	public Flux<WsConnection> connections() {
		return this.storage.all();
	}

	@Override
	public Mono<Long> connectionCount() {
		return this.storage.count();
	}

	@Override
	public int localConnectionCount() {
		return this.connections.size();
	}

	@Override
	public String instanceId() {
		return this.instanceId;
	}

	/**
	 * Acts on a command another instance relayed to this one.
	 * @param command the command
	 */
	void receive(RelayCommand command) {
		if (this.instanceId.equals(command.origin())) {
			return;
		}
		String id = command.connectionId();
		LocalConnection local = (id != null) ? this.connections.get(id) : null;
		String payload = command.payload();
		String channel = command.channel();
		switch (command.kind()) {
			case SEND -> {
				if (local != null && payload != null) {
					offer(local, new Outbound(payload, null));
				}
				else {
					dropped(DropReason.UNKNOWN_CONNECTION, id);
				}
			}
			case BROADCAST -> {
				if (payload != null) {
					offerAll(this.connections.all(), new Outbound(payload, null));
				}
			}
			case PUBLISH -> {
				if (payload != null && channel != null) {
					offerAll(this.connections.inChannel(channel), new Outbound(payload, null));
				}
			}
			case JOIN -> {
				if (local != null && channel != null) {
					this.connections.join(local, channel);
				}
			}
			case LEAVE -> {
				if (local != null && channel != null) {
					this.connections.leave(local, channel);
				}
			}
			case CLOSE -> {
				if (local != null) {
					local.close(new CloseStatus(command.code(), payload));
				}
			}
			case DRAIN -> {
				if (local != null) {
					drain(local);
				}
			}
		}
	}

	/**
	 * Sends a connection's queued messages, oldest first.
	 * @param local the connection
	 */
	void drain(LocalConnection local) {
		String id = local.id();
		local.drain(this.queue.poll(id)
			.expand((text) -> this.queue.poll(id))
			.doOnNext((text) -> offer(local, new Outbound(text, null)))
			.onErrorResume((ex) -> {
				logger.warn("Could not take the queued messages of WebSocket connection " + id
						+ "; they stay queued until the next message queued for it", ex);
				return Mono.empty();
			})
			.then());
	}

	void offer(LocalConnection local, Outbound frame) {
		LocalConnection.Offer offer = local.offer(frame);
		switch (offer) {
			case ACCEPTED -> this.meters.sent(frame.event());
			case CLOSED -> dropped(DropReason.CLOSED, local.id());
			case SLOW_CONSUMER -> {
				dropped(DropReason.SLOW_CONSUMER, local.id());
				logger.info("Closed WebSocket connection " + local.id() + " as a slow consumer: " + local.pending()
						+ " messages were waiting to be written to it");
			}
		}
	}

	private void offerAll(Collection<LocalConnection> targets, Outbound frame) {
		for (LocalConnection local : targets) {
			offer(local, frame);
		}
	}

	private void toOwner(String connectionId, RelayCommand command) {
		this.storage.find(connectionId)
			.flatMap((connection) -> this.instanceId.equals(connection.instanceId()) ? Mono.empty()
					: this.relay.toInstance(connection.instanceId(), command).thenReturn(connection))
			.switchIfEmpty(Mono.fromRunnable(() -> {
				// Held by nobody, or by this instance and gone meanwhile.
				if (command.kind() != RelayCommand.Kind.DRAIN) {
					dropped(DropReason.UNKNOWN_CONNECTION, connectionId);
				}
			}))
			.subscribe(null, (ex) -> relayFailed(command, ex));
	}

	private void toAll(RelayCommand command) {
		this.relay.toAll(command).subscribe(null, (ex) -> relayFailed(command, ex));
	}

	private void relayFailed(RelayCommand command, Throwable ex) {
		this.meters.dropped(DropReason.RELAY_FAILED);
		logger.warn("Could not relay " + command.kind() + " to the other instances", ex);
	}

	private void dropped(DropReason reason, @Nullable String connectionId) {
		this.meters.dropped(reason);
		if (logger.isDebugEnabled()) {
			logger.debug("Dropped a message for WebSocket connection " + connectionId + ": " + reason.tag());
		}
	}

}
