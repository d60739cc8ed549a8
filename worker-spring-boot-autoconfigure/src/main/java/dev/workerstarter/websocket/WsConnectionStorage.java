package dev.workerstarter.websocket;

import java.time.Duration;
import java.util.Collection;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where the open connections of the cluster are kept: {@code memory} (one instance, the
 * default) or {@code redis} ({@code worker.websocket.storage}). Each instance inserts the
 * connections it opens, refreshes them on every heartbeat and removes them when they
 * close; a connection that is not refreshed within the expiry disappears, so that a dead
 * instance's connections go with it. A bean of this type replaces the configured one.
 */
public interface WsConnectionStorage {

	/**
	 * Inserts a connection that opened.
	 * @param connection the connection
	 * @param expiry how long it stays without a refresh
	 * @return completes once it is stored
	 */
	Mono<Void> insert(WsConnection connection, Duration expiry);

	/**
	 * Refreshes connections still open, on a heartbeat of the instance that holds them.
	 * @param connections the connections
	 * @param expiry how long they stay without another refresh
	 * @return completes once they are refreshed
	 */
	Mono<Void> refresh(Collection<WsConnection> connections, Duration expiry);

	/**
	 * Removes a connection that closed.
	 * @param connectionId the connection's id
	 * @return whether it was stored
	 */
	Mono<Boolean> remove(String connectionId);

	/**
	 * Finds a connection.
	 * @param connectionId the connection's id
	 * @return the connection, empty if it is not open (or expired)
	 */
	Mono<WsConnection> find(String connectionId);

	/**
	 * Returns every open connection.
	 * @return the connections, expired ones left out
	 */
	Flux<WsConnection> all();

	/**
	 * Counts the open connections.
	 * @return the number of connections, expired ones left out
	 */
	Mono<Long> count();

}
