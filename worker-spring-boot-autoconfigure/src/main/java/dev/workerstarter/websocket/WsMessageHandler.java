package dev.workerstarter.websocket;

/**
 * Handles the messages of an event, configured under {@code worker.websocket.listeners}
 * by bean name or class name. Called on a worker of {@code worker.websocket.pool}, on its
 * own thread (blocking is fine), with the job bound: worker-scoped beans, the
 * {@code WorkerContext}, the MDC. The messages of one connection are handled one at a
 * time, in the order they arrived.
 * <p>
 * What it throws counts for the pool's reboot strategies; the sender gets an error
 * message that does not show the exception.
 */
@FunctionalInterface
public interface WsMessageHandler {

	/**
	 * Handles a message.
	 * @param server the server, to reply or push
	 * @param message the message
	 * @throws Exception if the message could not be handled
	 */
	void handle(WsServer server, WsMessage message) throws Exception;

}
