package dev.workerstarter.websocket;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a message for a connection was added to the message queue.
 */
public class WsMessageQueuedEvent extends ApplicationEvent {

	private final String connectionId;

	private final String event;

	/**
	 * Creates an event.
	 * @param source the WebSocket server
	 * @param connectionId the id of the connection
	 * @param event the event of the message
	 */
	public WsMessageQueuedEvent(Object source, String connectionId, String event) {
		super(source);
		this.connectionId = connectionId;
		this.event = event;
	}

	/**
	 * Returns the id of the connection.
	 * @return the id of the connection
	 */
	public String connectionId() {
		return this.connectionId;
	}

	/**
	 * Returns the event of the message.
	 * @return the event of the message
	 */
	public String event() {
		return this.event;
	}

	@Override
	public String toString() {
		return "WsMessageQueuedEvent[connectionId=" + this.connectionId + ", event=" + this.event + "]";
	}

}
