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
 * {@code false} or the actuator is not on the classpath, then the WebSocket endpoint's
 * (whose handshake would otherwise hold a worker for the connection's whole life; each of
 * its messages is a job of its own).
 */
final class ExcludedPaths {

	private static final String ACTUATOR = "org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints";

	private static final String ACTUATOR_AUTOCONFIGURE = "org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType";

	private ExcludedPaths() {
	}

	/**
	 * Returns the excluded path patterns of an application.
	 * @param http the configured exclusions
	 * @param webSocketPath the path of the WebSocket endpoint, {@code null} when it is
	 * off
	 * @param context the application's context
	 * @return the application's patterns, as configured, followed by the actuator's and
	 * the WebSocket endpoint's that they do not list already
	 */
	static List<String> of(WorkerProperties.Http http, @Nullable String webSocketPath, ApplicationContext context) {
		// After the application's, so that a pattern that does not parse is reported
		// with its index in worker.http.exclude-paths.
		List<String> paths = new ArrayList<>(http.excludePaths());
		if (http.excludeManagementPaths() && isActuatorPresent(context.getClassLoader())) {
			ManagementPaths.of(context).forEach((path) -> addIfAbsent(paths, path));
		}
		if (webSocketPath != null) {
			addIfAbsent(paths, webSocketPath);
		}
		return paths;
	}

	private static void addIfAbsent(List<String> paths, String path) {
		if (!paths.contains(path)) {
			paths.add(path);
		}
	}

	private static boolean isActuatorPresent(@Nullable ClassLoader classLoader) {
		return ClassUtils.isPresent(ACTUATOR, classLoader) && ClassUtils.isPresent(ACTUATOR_AUTOCONFIGURE, classLoader);
	}

}
