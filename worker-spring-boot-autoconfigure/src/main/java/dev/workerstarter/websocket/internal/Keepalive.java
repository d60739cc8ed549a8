package dev.workerstarter.websocket.internal;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.web.reactive.socket.CloseStatus;

import dev.workerstarter.websocket.WsConnection;
import dev.workerstarter.websocket.WsConnectionStorage;

/**
 * The timers of this instance's connections: every ping interval, a ping to each
 * connection and a close for those idle past the idle timeout; every heartbeat, a refresh
 * of all of them in the storage.
 */
final class Keepalive {

	static final CloseStatus IDLE = CloseStatus.GOING_AWAY.withReason("idle timeout");

	private static final Log logger = LogFactory.getLog(Keepalive.class);

	private final LocalConnections connections;

	private final DefaultWsServer server;

	private final WsConnectionStorage storage;

	private final WsMeters meters;

	private final Settings settings;

	Keepalive(LocalConnections connections, DefaultWsServer server, WsConnectionStorage storage, WsMeters meters,
			Settings settings) {
		this.connections = connections;
		this.server = server;
		this.storage = storage;
		this.meters = meters;
		this.settings = settings;
	}

	/**
	 * Starts the timers.
	 * @return what stops them
	 */
	Disposable start() {
		Disposable.Composite timers = Disposables.composite();
		Duration tick = this.settings.tick();
		if (!tick.isZero()) {
			timers.add(Flux.interval(tick, tick, Schedulers.parallel()).subscribe((n) -> tick()));
		}
		Duration heartbeat = this.settings.heartbeat();
		timers.add(Flux.interval(heartbeat, heartbeat, Schedulers.parallel())
			.onBackpressureDrop()
			.concatMap((n) -> refresh(), 1)
			.subscribe());
		return timers;
	}

	void tick() {
		long now = System.nanoTime();
		long idleNanos = this.settings.idleTimeout().toNanos();
		boolean ping = !this.settings.pingInterval().isZero();
		for (LocalConnection connection : this.connections.all()) {
			if (idleNanos > 0 && now - connection.lastSeen() > idleNanos) {
				connection.close(IDLE);
				this.meters.dropped(DropReason.IDLE);
			}
			else if (ping) {
				this.server.offer(connection, Outbound.PING);
			}
		}
	}

	private Mono<Void> refresh() {
		List<WsConnection> open = this.connections.all().stream().map(LocalConnection::connection).toList();
		return this.storage.refresh(open, this.settings.expiry()).onErrorResume((ex) -> {
			logger.warn("Could not refresh this instance's WebSocket connections in the storage", ex);
			return Mono.empty();
		});
	}

	/**
	 * The keepalive's settings.
	 *
	 * @param pingInterval how often to ping, zero for never
	 * @param idleTimeout how long a connection may receive nothing, zero for ever
	 * @param heartbeat how often to refresh the storage
	 * @param expiry how long the storage keeps a connection without a refresh
	 */
	record Settings(Duration pingInterval, Duration idleTimeout, Duration heartbeat, Duration expiry) {

		// The ping interval, or with pings off a quarter of the idle timeout, so that an
		// idle connection closes at most a quarter late.
		Duration tick() {
			if (!this.pingInterval.isZero()) {
				return this.pingInterval;
			}
			return this.idleTimeout.dividedBy(4);
		}

	}

}
