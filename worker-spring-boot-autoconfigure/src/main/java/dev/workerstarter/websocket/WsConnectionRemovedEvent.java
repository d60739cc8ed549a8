package dev.workerstarter.websocket;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a closed connection was removed from the connection storage.
 */
public class WsConnectionRemovedEvent extends ApplicationEvent {

	private final String connectionId;

	/**
	 * Creates an event.
	 * @param source the WebSocket server
	 * @param connectionId the id of the connection
	 */
	public WsConnectionRemovedEvent(Object source, String connectionId) {
		super(source);
		this.connectionId = connectionId;
	}

	/**
	 * Returns the id of the connection.
	 * @return the id of the connection
	 */
	public String connectionId() {
		return this.connectionId;
	}

	@Override
	public String toString() {
		return "WsConnectionRemovedEvent[connectionId=" + this.connectionId + "]";
	}

}
