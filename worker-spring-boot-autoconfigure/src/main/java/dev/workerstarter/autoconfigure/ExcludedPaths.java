package dev.workerstarter.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The path patterns of requests handled without a worker: the application's own
 * ({@code worker.http.exclude-paths}), then the actuator's on the application's server
 * ({@link ManagementPaths}), unless {@code worker.http.exclude-management-paths} is
 * {@code false} or the actuator is not on the classpath.
 */
final class ExcludedPaths {

	private static final String ACTUATOR = "org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints";

	private static final String ACTUATOR_AUTOCONFIGURE = "org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType";

	private ExcludedPaths() {
	}

	/**
	 * Returns the excluded path patterns of an application.
	 * @param http the configured exclusions
	 * @param context the application's context
	 * @return the application's patterns, as configured, followed by the actuator's that
	 * they do not list already
	 */
	static List<String> of(WorkerProperties.Http http, ApplicationContext context) {
		if (!http.excludeManagementPaths() || !isActuatorPresent(context.getClassLoader())) {
			return http.excludePaths();
		}
		// After the application's, so that a pattern that does not parse is reported
		// with its index in worker.http.exclude-paths.
		List<String> paths = new ArrayList<>(http.excludePaths());
		for (String path : ManagementPaths.of(context)) {
			if (!paths.contains(path)) {
				paths.add(path);
			}
		}
		return paths;
	}

	private static boolean isActuatorPresent(@Nullable ClassLoader classLoader) {
		return ClassUtils.isPresent(ACTUATOR, classLoader) && ClassUtils.isPresent(ACTUATOR_AUTOCONFIGURE, classLoader);
	}

}
