package dev.workerstarter.websocket;

import org.springframework.context.ApplicationEvent;
import org.springframework.core.ResolvableType;
import org.springframework.core.ResolvableTypeProvider;

import dev.workerstarter.internal.EventTypes;

/**
 * Published when a message for a connection was added to the message queue.
 */
public class WsMessageQueuedEvent extends ApplicationEvent implements ResolvableTypeProvider {

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

	/**
	 * Returns this event's type, resolved once per event class.
	 * @return the type of this event's class
	 */
	@Override
	public ResolvableType getResolvableType() {
		return EventTypes.of(this);
	}

	@Override
	public String toString() {
		return "WsMessageQueuedEvent[connectionId=" + this.connectionId + ", event=" + this.event + "]";
	}

}
