package dev.workerstarter.websocket.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.netty.http.server.WebsocketServerSpec;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;

import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.websocket.WsConnectionStorage;
import dev.workerstarter.websocket.WsHandshakeHook;
import dev.workerstarter.websocket.WsMessageQueue;
import dev.workerstarter.websocket.WsServer;
import dev.workerstarter.websocket.WsServerStartedEvent;

/**
 * The WebSocket server of this instance, assembled from its parts: the {@link WsServer},
 * the endpoint's handler mapping, and the lifecycle that starts the relay and the
 * keepalive once the web server is up, and on shutdown closes every connection (status
 * {@code 1001}) before the web server's graceful shutdown waits for them.
 */
public final class WsRuntime implements SmartLifecycle {

	/**
	 * After the web server has started, before its graceful shutdown (which would wait
	 * for open connections) and before the pools drain.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	static final CloseStatus SHUTDOWN = CloseStatus.GOING_AWAY.withReason("server shutting down");

	private static final String REACTOR_NETTY = "reactor.netty.http.server.HttpServer";

	private final Settings settings;

	private final String instanceId = UUID.randomUUID().toString();

	private final LocalConnections connections;

	private final DefaultWsServer server;

	private final WsRelay relay;

	private final Keepalive keepalive;

	private final SimpleUrlHandlerMapping mapping;

	private final ApplicationEventPublisher publisher;

	private volatile @Nullable Disposable timers;

	/**
	 * Assembles the server.
	 * @param settings the settings
	 * @param parts the replaceable parts
	 * @param pool the pool messages are handled on
	 * @param listeners the handlers by event
	 * @param hooks the handshake hooks
	 * @param meters where to count
	 * @param publisher where to publish events
	 */
	public WsRuntime(Settings settings, Parts parts, WorkerPool pool, WsListeners listeners,
			List<WsHandshakeHook> hooks, WsMeters meters, ApplicationEventPublisher publisher) {
		this.settings = settings;
		this.publisher = publisher;
		this.relay = parts.relay();
		this.connections = new LocalConnections(settings.maxConnections());
		Clock clock = Clock.systemUTC();
		this.server = new DefaultWsServer(this.instanceId, this.connections, parts.storage(), parts.queue(),
				parts.relay(), parts.format().converter(), meters, publisher);
		MessageDispatcher dispatcher = new MessageDispatcher(pool, listeners, parts.format(), this.server, meters,
				publisher, settings.errorEvent());
		WsSessionHandler handler = new WsSessionHandler(this.instanceId, this.connections, parts.storage(),
				parts.queue(), dispatcher, publisher, new WsSessionHandler.Limits(settings.maxPendingMessages(),
						settings.outboundBufferSize(), settings.keepalive().expiry()),
				clock);
		this.keepalive = new Keepalive(this.connections, this.server, parts.storage(), meters, settings.keepalive());
		WsEndpoint endpoint = new WsEndpoint(webSocketService(settings.maxMessageSize()), handler, this.connections,
				hooks, settings.retryAfter());
		this.mapping = new SimpleUrlHandlerMapping(Map.of(settings.path(), endpoint), -1);
	}

	private static WebSocketService webSocketService(int maxMessageSize) {
		if (ClassUtils.isPresent(REACTOR_NETTY, WsRuntime.class.getClassLoader())) {
			return new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
					() -> WebsocketServerSpec.builder().maxFramePayloadLength(maxMessageSize)));
		}
		return new HandshakeWebSocketService();
	}

	/**
	 * Returns the server API.
	 * @return the server
	 */
	public WsServer server() {
		return this.server;
	}

	/**
	 * Returns the mapping of the endpoint's path, ahead of the application's controllers.
	 * @return the handler mapping
	 */
	public HandlerMapping handlerMapping() {
		return this.mapping;
	}

	/**
	 * Returns the number of messages waiting in the outbound buffers of this instance's
	 * connections.
	 * @return the buffered messages
	 */
	public int outboundPending() {
		int pending = 0;
		for (LocalConnection connection : this.connections.all()) {
			pending += connection.pending();
		}
		return pending;
	}

	@Override
	public void start() {
		this.relay.start(this.instanceId, this.server::receive).block(this.settings.startTimeout());
		this.timers = this.keepalive.start();
		this.publisher.publishEvent(new WsServerStartedEvent(this, this.settings.path(), this.instanceId));
	}

	@Override
	public void stop() {
		Disposable timers = this.timers;
		this.timers = null;
		if (timers != null) {
			timers.dispose();
		}
		for (LocalConnection connection : this.connections.all()) {
			connection.close(SHUTDOWN);
		}
		this.relay.stop();
	}

	@Override
	public boolean isRunning() {
		return this.timers != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * The server's settings.
	 *
	 * @param path the endpoint's path
	 * @param maxConnections most connections at once, {@code 0} for no limit
	 * @param maxMessageSize largest message in bytes
	 * @param maxPendingMessages most messages of a connection read ahead of their
	 * handlers
	 * @param outboundBufferSize most messages waiting to be written to a connection
	 * @param errorEvent the event of error messages
	 * @param retryAfter what a handshake refused for want of a slot is told
	 * @param pingInterval how often to ping, zero for never
	 * @param idleTimeout how long a connection may receive nothing, zero for ever
	 * @param heartbeat how often to refresh the storage
	 * @param expiry how long the storage keeps a connection without a refresh
	 * @param startTimeout longest the relay may take to start
	 */
	public record Settings(String path, int maxConnections, int maxMessageSize, int maxPendingMessages,
			int outboundBufferSize, String errorEvent, Duration retryAfter, Duration pingInterval, Duration idleTimeout,
			Duration heartbeat, Duration expiry, Duration startTimeout) {

		Keepalive.Settings keepalive() {
			return new Keepalive.Settings(this.pingInterval, this.idleTimeout, this.heartbeat, this.expiry);
		}

	}

	/**
	 * The replaceable parts.
	 *
	 * @param storage the connection storage
	 * @param queue the message queue
	 * @param relay the relay to the other instances
	 * @param format the converter, extractors and mapper
	 */
	public record Parts(WsConnectionStorage storage, WsMessageQueue queue, WsRelay relay, WsFormat format) {
	}

}
