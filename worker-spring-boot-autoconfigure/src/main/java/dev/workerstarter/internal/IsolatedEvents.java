package dev.workerstarter.internal;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes the starter's events so that a listener that throws is logged and costs
 * nothing else: not the job, the worker, the connection or the message it was told about.
 */
public final class IsolatedEvents {

	private static final Log logger = LogFactory.getLog(IsolatedEvents.class);

	private final ApplicationEventPublisher publisher;

	/**
	 * Creates a publisher.
	 * @param publisher the application's publisher
	 */
	public IsolatedEvents(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	/**
	 * Publishes an event to the application's listeners.
	 * @param event the event
	 */
	public void publish(ApplicationEvent event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of " + event + " failed", ex);
		}
	}

}
