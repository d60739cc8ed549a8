package dev.workerstarter.websocket;

import org.springframework.context.ApplicationEvent;
import org.springframework.core.ResolvableType;
import org.springframework.core.ResolvableTypeProvider;

import dev.workerstarter.internal.EventTypes;

/**
 * Published when a message was received and routed to its handler, on the worker that
 * handles it (with the job bound), right before the handler runs.
 */
public class WsMessageReceivedEvent extends ApplicationEvent implements ResolvableTypeProvider {

	private final WsMessage message;

	/**
	 * Creates an event.
	 * @param source the WebSocket server
	 * @param message the message
	 */
	public WsMessageReceivedEvent(Object source, WsMessage message) {
		super(source);
		this.message = message;
	}

	/**
	 * Returns the message.
	 * @return the message
	 */
	public WsMessage message() {
		return this.message;
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
		return "WsMessageReceivedEvent[message=" + this.message + "]";
	}

}
