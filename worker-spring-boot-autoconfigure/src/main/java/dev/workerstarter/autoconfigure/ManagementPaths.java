package dev.workerstarter.autoconfigure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.context.ApplicationContext;
import org.springframework.util.StringUtils;

/**
 * The paths at which the actuator answers on the application's own server, as path
 * patterns that match them and everything below: the web endpoints' base path
 * ({@code management.endpoints.web.base-path}), or each exposed endpoint's path when the
 * base path is {@code /}, while the actuator shares the application's port; and, on any
 * port, the additional paths that endpoints have on the application's server (those of
 * health groups, such as {@code /livez} and {@code /readyz}). Uses the actuator's
 * classes: loaded only when it is on the classpath.
 */
final class ManagementPaths {

	private ManagementPaths() {
	}

	/**
	 * Returns the actuator's paths of an application.
	 * @param context the application's context
	 * @return the path patterns, none when the application has no web endpoints
	 */
	static List<String> of(ApplicationContext context) {
		PathMappedEndpoints endpoints = context.getBeanProvider(PathMappedEndpoints.class).getIfAvailable();
		if (endpoints == null) {
			return List.of();
		}
		return of(endpoints, ManagementPortType.get(context.getEnvironment()));
	}

	/**
	 * Returns the actuator's paths on the application's server.
	 * @param endpoints the endpoints exposed over HTTP and their paths
	 * @param portType where the actuator answers
	 * @return the path patterns
	 */
	static List<String> of(PathMappedEndpoints endpoints, ManagementPortType portType) {
		Set<String> paths = new LinkedHashSet<>();
		// On another port the endpoints are the management server's, and with the port
		// disabled nobody's.
		if (portType == ManagementPortType.SAME) {
			String basePath = endpoints.getBasePath();
			if (StringUtils.hasText(basePath) && !basePath.equals("/")) {
				paths.add(basePath);
			}
			else {
				// At the root the endpoints sit among the application's own paths: only
				// theirs are the actuator's.
				paths.addAll(endpoints.getAllPaths());
			}
		}
		for (PathMappedEndpoint endpoint : endpoints) {
			for (String path : endpoint.getAdditionalPaths(WebServerNamespace.SERVER)) {
				// relative to the context, as PathMappedEndpoints reads them
				paths.add(path.startsWith("/") ? path : "/" + path);
			}
		}
		return paths.stream().map(ManagementPaths::andBelow).toList();
	}

	private static String andBelow(String path) {
		return path.endsWith("/") ? path + "**" : path + "/**";
	}

}
