package dev.workerstarter.websocket;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a message was received and routed to its handler, on the worker that
 * handles it (with the job bound), right before the handler runs.
 */
public class WsMessageReceivedEvent extends ApplicationEvent {

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

	@Override
	public String toString() {
		return "WsMessageReceivedEvent[message=" + this.message + "]";
	}

}
