package dev.workerstarter.websocket;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.socket.CloseStatus;

/**
 * The WebSocket server as listeners, controllers and tasks use it: send to a connection,
 * broadcast, channels, the message queue, close, and the connections of the cluster. A
 * bean when {@code worker.websocket.path} is set.
 * <p>
 * Sending never blocks and never waits for the client: a message goes into the
 * connection's outbound buffer, on this instance or, with the {@code redis} storage,
 * through Redis on the instance that holds the connection. What cannot be delivered (an
 * unknown or closed connection, a full buffer, which closes the connection as a slow
 * consumer) is counted and logged, never thrown at the sender. Messages are encoded by
 * the {@link WsMessageConverter}; {@code data} is any value it can write.
 */
public interface WsServer {

	/**
	 * Sends a message to one connection.
	 * @param connectionId the connection's id
	 * @param event the event name
	 * @param data the data, or {@code null}
	 */
	void send(String connectionId, String event, @Nullable Object data);

	/**
	 * Sends a message to every connection of the cluster.
	 * @param event the event name
	 * @param data the data, or {@code null}
	 */
	void broadcast(String event, @Nullable Object data);

	/**
	 * Adds a connection to a channel; a connection leaves its channels when it closes.
	 * @param connectionId the connection's id
	 * @param channel the channel's name
	 */
	void join(String connectionId, String channel);

	/**
	 * Removes a connection from a channel.
	 * @param connectionId the connection's id
	 * @param channel the channel's name
	 */
	void leave(String connectionId, String channel);

	/**
	 * Sends a message to every connection of the cluster that joined a channel.
	 * @param channel the channel's name
	 * @param event the event name
	 * @param data the data, or {@code null}
	 */
	void publish(String channel, String event, @Nullable Object data);

	/**
	 * Adds a message for a connection to the {@link WsMessageQueue}, from where the
	 * instance that holds the connection takes it and sends it, in the order added.
	 * Unlike {@link #send}, the message is kept in the queue's store until it is taken,
	 * so that a lost notice between instances delays it instead of losing it.
	 * @param connectionId the connection's id
	 * @param event the event name
	 * @param data the data, or {@code null}
	 * @return completes once the message is in the queue
	 */
	Mono<Void> queue(String connectionId, String event, @Nullable Object data);

	/**
	 * Closes a connection.
	 * @param connectionId the connection's id
	 * @param status the close status sent to the client
	 */
	void close(String connectionId, CloseStatus status);

	/**
	 * Returns the open connections of the cluster, from the {@link WsConnectionStorage}.
	 * @return the connections
	 */
	Flux<WsConnection> connections();

	/**
	 * Returns the number of open connections of the cluster, from the
	 * {@link WsConnectionStorage}.
	 * @return the number of connections
	 */
	Mono<Long> connectionCount();

	/**
	 * Returns the number of connections open on this instance.
	 * @return the number of local connections
	 */
	int localConnectionCount();

	/**
	 * Returns the id of this instance in the cluster: the owner of the connections it
	 * holds in the {@link WsConnectionStorage}.
	 * @return the instance id
	 */
	String instanceId();

}
