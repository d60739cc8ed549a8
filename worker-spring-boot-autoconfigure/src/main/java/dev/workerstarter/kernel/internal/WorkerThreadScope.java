package dev.workerstarter.kernel.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectFactory;
import org.springframework.beans.factory.config.Scope;
import org.springframework.core.NamedThreadLocal;

/**
 * The {@code worker} scope while the pool is off ({@code worker.enabled=false}): one bean
 * instance per thread, like Spring's {@code SimpleThreadScope}, so that a worker-scoped
 * bean is still never used by two threads at once. There is no kernel: an instance lives
 * as long as its thread, is never reset or rebooted, and is never destroyed, so its
 * destroy methods ({@code @PreDestroy}) do not run; the first bean that has one is logged
 * once.
 */
public final class WorkerThreadScope implements Scope {

	private static final Log logger = LogFactory.getLog(WorkerThreadScope.class);

	private final ThreadLocal<Map<String, Object>> instances = NamedThreadLocal
		.withInitial("Worker-scoped beans of this thread", HashMap::new);

	private final AtomicBoolean destructionLogged = new AtomicBoolean();

	@Override
	public Object get(String name, ObjectFactory<?> objectFactory) {
		Map<String, Object> instances = this.instances.get();
		Object instance = instances.get(name);
		if (instance == null) {
			// not computeIfAbsent: creating the bean may create other worker-scoped beans
			// first
			instance = objectFactory.getObject();
			instances.put(name, instance);
		}
		return instance;
	}

	@Override
	public @Nullable Object remove(String name) {
		return this.instances.get().remove(name);
	}

	@Override
	public void registerDestructionCallback(String name, Runnable callback) {
		if (this.destructionLogged.compareAndSet(false, true)) {
			logger.warn("Worker-scoped bean '" + name + "' has a destroy method, but worker-scoped beans are not "
					+ "destroyed while worker.enabled=false: each thread keeps its own instance as long as it "
					+ "lives, and @PreDestroy and other destroy methods never run. (Logged once.)");
		}
	}

	@Override
	public @Nullable Object resolveContextualObject(String key) {
		return null;
	}

	@Override
	public String getConversationId() {
		return Thread.currentThread().getName();
	}

}
