package dev.workerstarter.websocket;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a connection opened: its handshake was accepted and it was inserted into
 * the connection storage.
 */
public class WsConnectionOpenedEvent extends ApplicationEvent {

	private final WsConnection connection;

	/**
	 * Creates an event.
	 * @param source the WebSocket server
	 * @param connection the connection
	 */
	public WsConnectionOpenedEvent(Object source, WsConnection connection) {
		super(source);
		this.connection = connection;
	}

	/**
	 * Returns the connection.
	 * @return the connection
	 */
	public WsConnection connection() {
		return this.connection;
	}

	@Override
	public String toString() {
		return "WsConnectionOpenedEvent[connection=" + this.connection + "]";
	}

}
