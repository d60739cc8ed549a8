package dev.workerstarter.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.EventListener;

/**
 * Records every event of the WebSocket server, as an application would with
 * {@code @EventListener}.
 */
public class RecordedWsEvents {

	private final List<ApplicationEvent> events = new CopyOnWriteArrayList<>();

	@EventListener
	public void on(ApplicationEvent event) {
		if (event.getClass().getPackageName().equals("dev.workerstarter.websocket")) {
			this.events.add(event);
		}
	}

	public <E extends ApplicationEvent> List<E> of(Class<E> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

	public void clear() {
		this.events.clear();
	}

}
