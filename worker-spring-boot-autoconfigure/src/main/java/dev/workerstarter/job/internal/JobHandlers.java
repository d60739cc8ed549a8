package dev.workerstarter.job.internal;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.internal.BeanEntry;
import dev.workerstarter.internal.BeanMethod;
import dev.workerstarter.job.JobHandler;
import dev.workerstarter.job.JobListener;

/**
 * Finds the handler of every pipeline: the bean its {@code handler} key names, or the
 * {@link JobListener} method of the application's beans that names it. A pipeline has
 * exactly one.
 */
public final class JobHandlers {

	private JobHandlers() {
	}

	/**
	 * Finds the handlers.
	 * @param prefix the key of the pipelines, {@code worker.jobs.pipelines}
	 * @param configured the pipelines by name, each with its configured handler or
	 * {@code null}
	 * @param beanFactory the application's bean factory
	 * @param mapper reads payloads into listener methods' parameters
	 * @return the handler of each pipeline
	 * @throws InvalidWorkerPropertyException if a pipeline has no handler or two, a
	 * configured handler is not a {@link JobHandler}, or a {@link JobListener} names no
	 * configured pipeline
	 */
	public static Map<String, JobHandler> of(String prefix, Map<String, @Nullable String> configured,
			ConfigurableListableBeanFactory beanFactory, JsonMapper mapper) {
		Map<String, JobHandler> handlers = new HashMap<>();
		Map<String, String> origins = new HashMap<>();
		configured.forEach((pipeline, handler) -> {
			if (handler != null && !handler.isBlank()) {
				String key = prefix + "." + pipeline + ".handler";
				handlers.put(pipeline, configuredHandler(key, handler, beanFactory));
				origins.put(pipeline, key);
			}
		});
		for (BeanMethod.Annotated<JobListener> found : BeanMethod.find(beanFactory, JobListener.class)) {
			JobListenerMethod listener = new JobListenerMethod(found.method(), mapper);
			String pipeline = found.annotation().value();
			if (!configured.containsKey(pipeline)) {
				throw new InvalidWorkerPropertyException(prefix + "." + pipeline, null,
						"@JobListener method " + listener.describe() + " handles pipeline '" + pipeline
								+ "', which is not configured (pipelines: " + configured.keySet() + ")",
						"Configure the pipeline, for example " + prefix + "." + pipeline
								+ ".driver=memory, or name a configured pipeline in the annotation.");
			}
			String previous = origins.putIfAbsent(pipeline, listener.describe());
			if (previous != null) {
				throw new InvalidWorkerPropertyException(prefix + "." + pipeline + ".handler", configured.get(pipeline),
						"pipeline '" + pipeline + "' has two handlers: " + previous + " and " + listener.describe(),
						"Give each pipeline one handler: remove the handler key or one of the @JobListener "
								+ "annotations.");
			}
			handlers.put(pipeline, listener);
		}
		for (String pipeline : configured.keySet()) {
			if (!handlers.containsKey(pipeline)) {
				throw new InvalidWorkerPropertyException(prefix + "." + pipeline + ".handler", null,
						"pipeline '" + pipeline + "' has no handler",
						"Set it to the name of a " + JobHandler.class.getName()
								+ " bean, or annotate a bean method with @JobListener(\"" + pipeline + "\").");
			}
		}
		return handlers;
	}

	private static JobHandler configuredHandler(String key, String handler,
			ConfigurableListableBeanFactory beanFactory) {
		try {
			BeanEntry<JobHandler> entry = BeanEntry.of(handler, JobHandler.class, beanFactory);
			Class<? extends JobHandler> type = entry.type();
			return (type != null) ? beanFactory.createBean(type) : beanFactory.getBean(entry.name(), JobHandler.class);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWorkerPropertyException(key, handler, String.valueOf(ex.getMessage()),
					"Name a bean that implements " + JobHandler.class.getName() + ".");
		}
	}

}
