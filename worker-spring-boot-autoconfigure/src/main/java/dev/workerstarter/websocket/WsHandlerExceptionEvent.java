package dev.workerstarter.websocket;

import org.springframework.context.ApplicationEvent;

/**
 * Published when the handler of a message threw, on the worker that ran it; the sender
 * gets an error message, the exception counts for the pool's reboot strategies.
 */
public class WsHandlerExceptionEvent extends ApplicationEvent {

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

	@Override
	public String toString() {
		return "WsHandlerExceptionEvent[message=" + this.message + ", exception=" + this.exception + "]";
	}

}
