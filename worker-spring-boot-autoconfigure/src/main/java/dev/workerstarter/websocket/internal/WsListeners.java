package dev.workerstarter.websocket.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.internal.BeanEntry;
import dev.workerstarter.internal.BeanMethod;
import dev.workerstarter.websocket.WsListener;
import dev.workerstarter.websocket.WsMessageHandler;

/**
 * The handlers by event: those configured under {@code worker.websocket.listeners} and
 * the {@link WsListener} methods of the application's beans. An event has one handler.
 */
public final class WsListeners {

	private final Map<String, WsMessageHandler> handlers;

	private WsListeners(Map<String, WsMessageHandler> handlers) {
		this.handlers = Map.copyOf(handlers);
	}

	/**
	 * Finds the handlers.
	 * @param property the full name of the configured list, for example
	 * {@code worker.websocket.listeners}
	 * @param configured the configured entries: event and listener, each
	 * @param beanFactory the application's bean factory
	 * @param mapper converts the input data to listener methods' parameters
	 * @return the handlers
	 * @throws InvalidWorkerPropertyException if an entry lacks its event or listener,
	 * names no handler, or takes an event another entry or a {@link WsListener} method
	 * has
	 * @throws IllegalStateException if two {@link WsListener} methods take the same event
	 */
	public static WsListeners of(String property, List<Entry> configured, ConfigurableListableBeanFactory beanFactory,
			JsonMapper mapper) {
		Map<String, WsMessageHandler> handlers = new HashMap<>();
		Map<String, String> origins = new HashMap<>();
		for (int i = 0; i < configured.size(); i++) {
			Entry entry = configured.get(i);
			String key = property + "[" + i + "]";
			String event = entry.event();
			String listener = entry.listener();
			if (event == null || event.isBlank()) {
				throw new InvalidWorkerPropertyException(key + ".event", event, "the listener has no event",
						"Set the event whose messages the listener handles.");
			}
			if (listener == null || listener.isBlank()) {
				throw new InvalidWorkerPropertyException(key + ".listener", listener, "the event has no listener",
						"Name a bean or a class that implements " + WsMessageHandler.class.getName() + ".");
			}
			WsMessageHandler handler;
			try {
				handler = handler(BeanEntry.of(listener, WsMessageHandler.class, beanFactory), beanFactory);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidWorkerPropertyException(key + ".listener", listener, String.valueOf(ex.getMessage()),
						"Name a bean or a class that implements " + WsMessageHandler.class.getName() + ".");
			}
			String previous = origins.putIfAbsent(event, key);
			if (previous != null) {
				throw new InvalidWorkerPropertyException(key + ".event", event,
						"event " + event + " already has a listener (" + previous + ")",
						"Give each event one listener.");
			}
			handlers.put(event, handler);
		}
		for (BeanMethod.Annotated<WsListener> found : BeanMethod.find(beanFactory, WsListener.class)) {
			ListenerMethod handler = new ListenerMethod(found.method(), found.annotation().reply(), mapper);
			for (String event : found.annotation().value()) {
				String previous = origins.putIfAbsent(event, handler.describe());
				if (previous != null && previous.startsWith(property)) {
					// The configuration is what start-up reports and the user edits.
					throw new InvalidWorkerPropertyException(previous + ".event", event,
							"event " + event + " also has the annotated listener " + handler.describe(),
							"Give each event one listener: remove the entry or the annotation.");
				}
				if (previous != null) {
					throw new IllegalStateException("WebSocket event " + event + " has two listeners: " + previous
							+ " and " + handler.describe() + "; give each event one listener");
				}
				handlers.put(event, handler);
			}
		}
		return new WsListeners(handlers);
	}

	private static WsMessageHandler handler(BeanEntry<WsMessageHandler> entry,
			ConfigurableListableBeanFactory beanFactory) {
		Class<? extends WsMessageHandler> type = entry.type();
		if (type != null) {
			return beanFactory.createBean(type);
		}
		return beanFactory.getBean(entry.name(), WsMessageHandler.class);
	}

	/**
	 * Returns the handler of an event.
	 * @param event the event
	 * @return its handler, {@code null} if it has none
	 */
	public @Nullable WsMessageHandler handler(String event) {
		return this.handlers.get(event);
	}

	/**
	 * A configured listener.
	 *
	 * @param event the event
	 * @param listener the bean or class name of its handler
	 */
	public record Entry(@Nullable String event, @Nullable String listener) {
	}

}
