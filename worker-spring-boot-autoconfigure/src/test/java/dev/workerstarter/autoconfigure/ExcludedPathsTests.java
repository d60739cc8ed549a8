package dev.workerstarter.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import dev.workerstarter.web.internal.WorkerDispatchFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paths handled without a worker, as the actuator's configuration makes them: they
 * follow the web endpoints' base path, fall back to each endpoint's own path at the root,
 * include the health groups' additional paths, and add to the application's own.
 */
class ExcludedPathsTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class, WorkersEndpointAutoConfiguration.class,
				EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
				HealthEndpointAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class,
				AvailabilityProbesAutoConfiguration.class))
		.withPropertyValues("worker.pool.size=1");

	@Test
	void excludeTheActuatorsBasePathByDefault() {
		this.runner.run((context) -> assertThat(excluded(context)).containsExactly("/actuator/**"));
	}

	@Test
	void followTheBasePath() {
		this.runner.withPropertyValues("management.endpoints.web.base-path=/manage")
			.run((context) -> assertThat(excluded(context)).containsExactly("/manage/**"));
	}

	@Test
	void excludeEachExposedEndpointByItsPathWhenTheBasePathIsTheRoot() {
		this.runner
			.withPropertyValues("management.endpoints.web.base-path=/",
					"management.endpoints.web.exposure.include=health,workers",
					"management.endpoints.web.path-mapping.health=healthz")
			.run((context) -> assertThat(excluded(context)).containsExactlyInAnyOrder("/healthz/**", "/workers/**"));
	}

	@Test
	void excludeNoEndpointThatIsNotExposed() {
		this.runner.withPropertyValues("management.endpoints.web.base-path=/")
			.run((context) -> assertThat(excluded(context)).containsExactly("/health/**"));
	}

	@Test
	void excludeEachEndpointOfAPathMappedEndpointsAtTheRoot() {
		// "/" itself, as a PathMappedEndpoints of the application's own may have it
		// (Boot's own turns it into "")
		this.runner.run((context) -> {
			PathMappedEndpoints endpoints = new PathMappedEndpoints("/", context.getBean(WebEndpointsSupplier.class));
			assertThat(ManagementPaths.of(endpoints, ManagementPortType.SAME)).containsExactly("/health/**");
		});
	}

	@Test
	void excludeTheAdditionalPathsOfHealthGroupsOnTheApplicationsServer() {
		this.runner.withPropertyValues("management.endpoint.health.probes.add-additional-paths=true")
			.run((context) -> assertThat(excluded(context)).containsExactlyInAnyOrder("/actuator/**", "/livez/**",
					"/readyz/**"));
	}

	@Test
	void excludeOnlyTheAdditionalPathsWhenTheActuatorHasItsOwnPort() {
		this.runner.withPropertyValues("management.server.port=0")
			.run((context) -> assertThat(excluded(context)).isEmpty());
		this.runner
			.withPropertyValues("management.server.port=0",
					"management.endpoint.health.probes.add-additional-paths=true")
			.run((context) -> assertThat(excluded(context)).containsExactlyInAnyOrder("/livez/**", "/readyz/**"));
	}

	@Test
	void excludeNoBasePathWhenTheActuatorHasNoPort() {
		this.runner.withPropertyValues("management.server.port=-1")
			.run((context) -> assertThat(excluded(context)).isEmpty());
	}

	@Test
	void addTheActuatorsPathsAfterTheApplicationsOwnOnce() {
		this.runner.withPropertyValues("worker.http.exclude-paths=/static/**,/actuator/**,/ping")
			.run((context) -> assertThat(excluded(context)).containsExactly("/static/**", "/actuator/**", "/ping"));
		this.runner.withPropertyValues("worker.http.exclude-paths=/static/**")
			.run((context) -> assertThat(excluded(context)).containsExactly("/static/**", "/actuator/**"));
	}

	@Test
	void excludeOnlyTheApplicationsPathsWhenTheActuatorIsPutOnWorkers() {
		this.runner.withPropertyValues("worker.http.exclude-management-paths=false")
			.run((context) -> assertThat(excluded(context)).isEmpty());
		this.runner.withPropertyValues("worker.http.exclude-management-paths=false", "worker.http.exclude-paths=/ping")
			.run((context) -> assertThat(excluded(context)).containsExactly("/ping"));
	}

	@Test
	void excludeOnlyTheApplicationsPathsWithoutTheActuator() {
		ReactiveWebApplicationContextRunner withoutActuator = new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.withPropertyValues("worker.pool.size=1");
		withoutActuator.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(WorkerDispatchFilter.class);
			assertThat(excluded(context)).isEmpty();
		});
		withoutActuator.withPropertyValues("worker.http.exclude-paths=/ping")
			.run((context) -> assertThat(excluded(context)).containsExactly("/ping"));
	}

	@Test
	void excludeNothingOfAnActuatorWithoutWebEndpoints() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class))
			.withPropertyValues("worker.pool.size=1")
			.run((context) -> assertThat(excluded(context)).isEmpty());
	}

	private static List<String> excluded(ApplicationContext context) {
		WorkerProperties properties = context.getBean(WorkerProperties.class);
		return ExcludedPaths.of(properties.http(), properties.websocket().path(), context);
	}

}
