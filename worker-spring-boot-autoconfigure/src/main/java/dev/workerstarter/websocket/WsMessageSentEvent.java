package dev.workerstarter.websocket;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.core.ResolvableType;
import org.springframework.core.ResolvableTypeProvider;

import dev.workerstarter.internal.EventTypes;

/**
 * Published when a message was written to a connection of this instance, on the
 * connection's event loop (listeners must not block).
 */
public class WsMessageSentEvent extends ApplicationEvent implements ResolvableTypeProvider {

	private final String connectionId;

	private final @Nullable String event;

	/**
	 * Creates an event.
	 * @param source the WebSocket server
	 * @param connectionId the id of the connection
	 * @param event the event of the message, {@code null} when it is not known here: the
	 * message came encoded, from the message queue or from another instance
	 */
	public WsMessageSentEvent(Object source, String connectionId, @Nullable String event) {
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
	 * @return the event of the message, {@code null} when the message came encoded from
	 * the message queue or from another instance
	 */
	public @Nullable String event() {
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
		return "WsMessageSentEvent[connectionId=" + this.connectionId + ", event=" + this.event + "]";
	}

}
