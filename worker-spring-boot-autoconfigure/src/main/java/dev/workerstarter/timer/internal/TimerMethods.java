package dev.workerstarter.timer.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

import dev.workerstarter.internal.BeanMethod;
import dev.workerstarter.timer.WorkerTimer;

/**
 * Finds the {@code @WorkerTimer} methods of the singleton beans, as Spring finds
 * {@code @EventListener} methods, and reads their attributes, placeholders resolved. A
 * method of a worker-scoped bean is run through the bean's proxy, on the worker's own
 * instance.
 */
final class TimerMethods {

	private TimerMethods() {
	}

	static List<AnnotatedTimer> find(ConfigurableListableBeanFactory beanFactory) {
		List<AnnotatedTimer> timers = new ArrayList<>();
		for (BeanMethod.Annotated<WorkerTimer> found : BeanMethod.find(beanFactory, WorkerTimer.class)) {
			timers.add(read(beanFactory, found.method(), found.annotation()));
		}
		return timers;
	}

	private static AnnotatedTimer read(ConfigurableListableBeanFactory beanFactory, BeanMethod method,
			WorkerTimer annotation) {
		String beanName = method.beanName();
		TimerOrigin origin = TimerOrigin.annotation(beanName, method.method());
		if (method.method().getParameterCount() > 0) {
			throw origin.invalid("name", null, "a timer method takes no arguments",
					"Remove the parameters, or get what the method needs from its bean.");
		}
		String name = resolve(beanFactory, origin, "name", annotation.name());
		ScheduleSpec schedule = new ScheduleSpec(duration(beanFactory, origin, "fixed-rate", annotation.fixedRate()),
				duration(beanFactory, origin, "fixed-delay", annotation.fixedDelay()),
				resolve(beanFactory, origin, "cron", annotation.cron()),
				resolve(beanFactory, origin, "zone", annotation.zone()),
				initialDelay(beanFactory, origin, annotation.initialDelay()));
		return new AnnotatedTimer((name != null) ? name : beanName + "#" + method.method().getName(), origin,
				() -> run(method), schedule, annotation.singleInstance());
	}

	private static void run(BeanMethod method) {
		try {
			method.invoke();
		}
		catch (Exception ex) {
			ReflectionUtils.rethrowRuntimeException(ex);
		}
	}

	private static Duration initialDelay(ConfigurableListableBeanFactory beanFactory, TimerOrigin origin,
			String value) {
		Duration delay = duration(beanFactory, origin, "initial-delay", value);
		return (delay != null) ? delay : Duration.ZERO;
	}

	private static @Nullable Duration duration(ConfigurableListableBeanFactory beanFactory, TimerOrigin origin,
			String setting, String value) {
		String resolved = resolve(beanFactory, origin, setting, value);
		if (resolved == null) {
			return null;
		}
		try {
			return DurationStyle.detectAndParse(resolved);
		}
		catch (IllegalArgumentException ex) {
			throw origin.invalid(setting, resolved, "it is not a duration",
					"Use a duration such as 100ms, 5s or PT1M, or a ${...} placeholder of one.");
		}
	}

	private static @Nullable String resolve(ConfigurableListableBeanFactory beanFactory, TimerOrigin origin,
			String setting, String value) {
		if (value.isEmpty()) {
			return null;
		}
		String resolved;
		try {
			resolved = beanFactory.resolveEmbeddedValue(value);
		}
		catch (IllegalArgumentException ex) {
			throw origin.invalid(setting, value, String.valueOf(ex.getMessage()),
					"Define the property, or give the placeholder a default: ${name:default}.");
		}
		if (resolved != null && resolved.contains("${")) {
			throw origin.invalid(setting, value, "a placeholder in it could not be resolved",
					"Define the property, or give the placeholder a default: ${name:default}.");
		}
		return StringUtils.hasText(resolved) ? resolved.trim() : null;
	}

}
