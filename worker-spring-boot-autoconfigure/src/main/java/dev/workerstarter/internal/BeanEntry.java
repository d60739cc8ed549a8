package dev.workerstarter.internal;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * A configured entry that names a bean or a class of a given type, as in
 * {@code worker.middlewares} and {@code worker.websocket.listeners}: the bean of that
 * name, else the bean of that class if there is exactly one, else the class, to be
 * instantiated by the starter.
 *
 * @param name the bean's name, or the class's when the entry names a class with no single
 * bean
 * @param type that class, {@code null} when the entry names a bean
 * @param <T> the type the entry must name
 */
public record BeanEntry<T>(String name, @Nullable Class<? extends T> type) {

	/**
	 * Resolves an entry.
	 * @param entry a bean name or a fully qualified class name
	 * @param required the type the bean or class must have
	 * @param beanFactory the application's bean factory
	 * @param <T> the type
	 * @return what the entry names
	 * @throws IllegalArgumentException if it names neither a bean nor a class of that
	 * type
	 */
	public static <T> BeanEntry<T> of(String entry, Class<T> required, ConfigurableListableBeanFactory beanFactory) {
		String name = entry.trim();
		if (beanFactory.containsBean(name)) {
			if (!beanFactory.isTypeMatch(name, required)) {
				throw new IllegalArgumentException("bean '" + name + "' is of type " + beanFactory.getType(name)
						+ ", which does not implement " + required.getName());
			}
			return new BeanEntry<>(name, null);
		}
		Class<?> type;
		try {
			type = ClassUtils.forName(name, beanFactory.getBeanClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new IllegalArgumentException("no bean named '" + name + "' and no class of that name");
		}
		if (!required.isAssignableFrom(type)) {
			throw new IllegalArgumentException("class " + type.getName() + " does not implement " + required.getName());
		}
		String[] names = beanFactory.getBeanNamesForType(type);
		if (names.length == 1) {
			return new BeanEntry<>(names[0], null);
		}
		return new BeanEntry<>(type.getName(), type.asSubclass(required));
	}

}
