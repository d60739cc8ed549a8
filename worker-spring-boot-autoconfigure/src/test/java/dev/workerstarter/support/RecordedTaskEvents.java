package dev.workerstarter.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.event.EventListener;

import dev.workerstarter.task.TaskEvent;
import dev.workerstarter.task.TaskFailedEvent;
import dev.workerstarter.task.TaskFinishedEvent;
import dev.workerstarter.task.TaskStartedEvent;

/**
 * Records every task event, as an application would with {@code @EventListener}.
 */
public class RecordedTaskEvents {

	private final List<TaskEvent> events = new CopyOnWriteArrayList<>();

	@EventListener
	public void on(TaskEvent event) {
		this.events.add(event);
	}

	public <E extends TaskEvent> List<E> of(Class<E> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

	public List<TaskStartedEvent> started() {
		return of(TaskStartedEvent.class);
	}

	public List<TaskFinishedEvent> finished() {
		return of(TaskFinishedEvent.class);
	}

	public List<TaskFailedEvent> failed() {
		return of(TaskFailedEvent.class);
	}

	public void clear() {
		this.events.clear();
	}

}
