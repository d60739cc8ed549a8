package dev.workerstarter.internal;

import org.springframework.core.ResolvableType;
import org.springframework.core.ResolvableTypeProvider;

/**
 * The {@link ResolvableType} of each event class, resolved once: an event published per
 * task or per message returns it as its {@link ResolvableTypeProvider}, which spares
 * Spring's multicaster a new type, and the hash of its listener cache key, per event.
 */
public final class EventTypes {

	private static final ClassValue<ResolvableType> TYPES = new ClassValue<>() {

		@Override
		protected ResolvableType computeValue(Class<?> type) {
			return ResolvableType.forClass(type);
		}

	};

	private EventTypes() {
	}

	/**
	 * Returns the type of an event, as Spring would resolve it for an event that does not
	 * provide one.
	 * @param event the event
	 * @return the type of its class
	 */
	public static ResolvableType of(Object event) {
		return TYPES.get(event.getClass());
	}

}
