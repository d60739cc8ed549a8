package dev.workerstarter.websocket;

import org.springframework.context.ApplicationEvent;
import org.springframework.core.ResolvableType;
import org.springframework.core.ResolvableTypeProvider;

import dev.workerstarter.internal.EventTypes;

/**
 * Published when the handler of a message threw, on the worker that ran it; the sender
 * gets an error message, the exception counts for the pool's reboot strategies.
 */
public class WsHandlerExceptionEvent extends ApplicationEvent implements ResolvableTypeProvider {

	private final WsMessage message;

	private final Throwable exception;

	/**
	 * Creates an event.
	 * @param source the WebSocket server
	 * @param message the message
	 * @param exception the exception
	 */
	public WsHandlerExceptionEvent(Object source, WsMessage message, Throwable exception) {
		super(source);
		this.message = message;
		this.exception = exception;
	}

	/**
	 * Returns the message.
	 * @return the message
	 */
	public WsMessage message() {
		return this.message;
	}

	/**
	 * Returns the exception.
	 * @return the exception
	 */
	public Throwable exception() {
		return this.exception;
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
		return "WsHandlerExceptionEvent[message=" + this.message + ", exception=" + this.exception + "]";
	}

}
