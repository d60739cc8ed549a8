package dev.workerstarter.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.event.EventListener;

import dev.workerstarter.event.WorkerEvent;
import dev.workerstarter.event.WorkerExceptionEvent;
import dev.workerstarter.event.WorkerKernelRebootedEvent;

/**
 * Records every worker event, as an application would with {@code @EventListener}.
 */
public class RecordedEvents {

	private final List<WorkerEvent> events = new CopyOnWriteArrayList<>();

	@EventListener
	public void on(WorkerEvent event) {
		this.events.add(event);
	}

	public List<WorkerEvent> all() {
		return List.copyOf(this.events);
	}

	public <E extends WorkerEvent> List<E> of(Class<E> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

	public List<WorkerKernelRebootedEvent> reboots() {
		return of(WorkerKernelRebootedEvent.class);
	}

	public List<WorkerExceptionEvent> exceptions() {
		return of(WorkerExceptionEvent.class);
	}

	public void clear() {
		this.events.clear();
	}

}
