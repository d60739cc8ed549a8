package dev.workerstarter.timer.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;

import dev.workerstarter.config.InvalidWorkerPropertyException;

/**
 * Puts the timers together from the {@code @WorkerTimer} methods and the entries of
 * {@code worker.timers}, and checks them: an entry of an annotated timer's name overrides
 * its schedule, single-instance flag and enabled flag; any other entry runs a Runnable
 * bean. Every bad setting stops start-up where it was set.
 */
final class TimerDefinitions {

	// as worker.timers.<name>.lock-at-most-for defaults, for annotated timers without an
	// entry
	static final Duration LOCK_AT_MOST_FOR = Duration.ofMinutes(10);

	private final BeanFactory beanFactory;

	private final @Nullable TimerLock lock;

	private final List<TimerDefinition> timers = new ArrayList<>();

	private TimerDefinitions(BeanFactory beanFactory, @Nullable TimerLock lock) {
		this.beanFactory = beanFactory;
		this.lock = lock;
	}

	/**
	 * Puts the timers together.
	 * @param annotated the annotated methods
	 * @param configs the entries of {@code worker.timers}, by name
	 * @param beanFactory where the Runnable beans of the entries are
	 * @param lock the lock of single-instance timers, {@code null} if there is none
	 * @return the enabled timers, the annotated ones first
	 */
	static List<TimerDefinition> of(List<AnnotatedTimer> annotated, Map<String, TimerConfig> configs,
			BeanFactory beanFactory, @Nullable TimerLock lock) {
		TimerDefinitions definitions = new TimerDefinitions(beanFactory, lock);
		Map<String, AnnotatedTimer> byName = new LinkedHashMap<>();
		for (AnnotatedTimer timer : annotated) {
			AnnotatedTimer other = byName.putIfAbsent(timer.name(), timer);
			if (other != null) {
				throw timer.origin()
					.invalid("name", timer.name(),
							"another @WorkerTimer method has that name, " + other.origin().where(),
							"Give one of them another name.");
			}
		}
		byName.values().forEach((timer) -> definitions.annotated(timer, configs.get(timer.name())));
		configs.forEach((name, config) -> {
			if (!byName.containsKey(name)) {
				definitions.configured(name, config, byName.keySet());
			}
		});
		return List.copyOf(definitions.timers);
	}

	private void annotated(AnnotatedTimer timer, @Nullable TimerConfig config) {
		if (config == null) {
			add(timer.name(), timer.origin(), timer.schedule().schedule(timer.origin()), timer.target(),
					timer.singleInstance(), LOCK_AT_MOST_FOR);
			return;
		}
		TimerOrigin property = TimerOrigin.property(timer.name());
		if (config.bean() != null) {
			throw property.invalid("bean", config.bean(), "a @WorkerTimer method has this timer's name",
					"Remove " + property.name("bean") + " to configure the annotated timer, or name the entry "
							+ "otherwise to run the bean as a timer of its own.");
		}
		if (!config.enabled()) {
			return;
		}
		TimerSchedule schedule = config.schedule().isWritten() ? config.schedule().schedule(property)
				: timer.schedule().schedule(timer.origin());
		Boolean singleInstance = config.singleInstance();
		add(timer.name(), property, schedule, timer.target(),
				(singleInstance != null) ? singleInstance : timer.singleInstance(), config.lockAtMostFor());
	}

	private void configured(String name, TimerConfig config, Iterable<String> annotated) {
		if (!config.enabled()) {
			return;
		}
		TimerOrigin origin = TimerOrigin.property(name);
		String bean = config.bean();
		if (bean == null) {
			throw origin.invalid("bean", null, "there is no @WorkerTimer method named '" + name + "'",
					"Name the Runnable bean the timer runs in " + origin.name("bean")
							+ ", or name the entry after an annotated timer (bean#method unless it has a name): "
							+ String.join(", ", annotated) + ".");
		}
		if (!this.beanFactory.containsBean(bean) || !this.beanFactory.isTypeMatch(bean, Runnable.class)) {
			throw origin.invalid("bean", bean, "there is no Runnable bean of that name",
					"Name a bean that implements Runnable.");
		}
		add(name, origin, config.schedule().schedule(origin), this.beanFactory.getBean(bean, Runnable.class),
				Boolean.TRUE.equals(config.singleInstance()), config.lockAtMostFor());
	}

	private void add(String name, TimerOrigin origin, TimerSchedule schedule, Runnable target, boolean singleInstance,
			Duration lockAtMostFor) {
		if (singleInstance) {
			String key = "worker.timers." + name + ".single-instance";
			if (this.lock == null) {
				throw new InvalidWorkerPropertyException(key, true, "there is no lock to run the timer on one instance",
						"Add ShedLock with a provider: shedlock-provider-redis-spring with a RedisConnectionFactory "
								+ "(spring.data.redis.*), shedlock-provider-jdbc-template with a DataSource and "
								+ "ShedLock's table, or a LockProvider bean of your own; or set " + key + " to false.");
			}
			if (lockAtMostFor.isNegative() || lockAtMostFor.isZero()) {
				throw origin.invalid("lock-at-most-for", lockAtMostFor, "the duration must be positive",
						"Set it to a duration longer than the longest run, such as 10m.");
			}
		}
		this.timers.add(new TimerDefinition(name, schedule, target, singleInstance, lockAtMostFor));
	}

}
