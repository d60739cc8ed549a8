package dev.workerstarter.websocket;

import reactor.core.publisher.Mono;

/**
 * Where messages added with {@link WsServer#queue} wait for the instance that holds their
 * connection to take and send them: {@code memory} or {@code redis}, following
 * {@code worker.websocket.storage}. The messages of a connection are taken in the order
 * they were added. A bean of this type replaces the configured one.
 */
public interface WsMessageQueue {

	/**
	 * Adds an encoded message for a connection.
	 * @param connectionId the connection's id
	 * @param message the message's text
	 * @return completes once it is stored
	 */
	Mono<Void> add(String connectionId, String message);

	/**
	 * Takes the oldest message of a connection.
	 * @param connectionId the connection's id
	 * @return the message's text, empty when there is none
	 */
	Mono<String> poll(String connectionId);

	/**
	 * Drops every message of a connection, once it closed.
	 * @param connectionId the connection's id
	 * @return completes once they are dropped
	 */
	Mono<Void> clear(String connectionId);

}
