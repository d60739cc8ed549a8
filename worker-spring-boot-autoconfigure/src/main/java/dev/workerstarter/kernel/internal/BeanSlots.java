package dev.workerstarter.kernel.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Numbers the names of worker-scoped beans, so that a kernel can hold its instances in an
 * array that their scoped proxies index. A name keeps its slot for the life of the JVM:
 * contexts that define a bean of the same name share it, which costs nothing as each
 * kernel has its own array.
 */
final class BeanSlots {

	private static final Map<String, Integer> SLOTS = new ConcurrentHashMap<>();

	private static final AtomicInteger NEXT = new AtomicInteger();

	private BeanSlots() {
	}

	/**
	 * Returns the slot of a bean name, giving it the next one if it has none.
	 * @param name the bean name
	 * @return the slot, from 0
	 */
	static int of(String name) {
		return SLOTS.computeIfAbsent(name, (unnumbered) -> NEXT.getAndIncrement());
	}

	/**
	 * Returns the slot of a bean name, if it has one.
	 * @param name the bean name
	 * @return the slot, or {@code -1}
	 */
	static int find(String name) {
		Integer slot = SLOTS.get(name);
		return (slot != null) ? slot : -1;
	}

}
