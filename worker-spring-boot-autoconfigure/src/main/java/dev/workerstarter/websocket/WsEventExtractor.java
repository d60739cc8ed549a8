package dev.workerstarter.websocket;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Takes the event name a message is routed by from the {@link WsMessageConverter}'s tree;
 * by default its {@code event} text field. A bean of this type replaces the default.
 */
@FunctionalInterface
public interface WsEventExtractor {

	/**
	 * Returns the message's event.
	 * @param message the converted message
	 * @return the event name, or {@code null} if the message has none (the sender gets an
	 * error message)
	 */
	@Nullable String event(JsonNode message);

}
