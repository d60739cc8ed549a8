package dev.workerstarter.autoconfigure;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import dev.workerstarter.integration.jpa.internal.EntityManagerResetAdapter;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerJpaAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class, DataSourceAutoConfiguration.class,
				HibernateJpaAutoConfiguration.class, WorkerJpaAutoConfiguration.class))
		.withPropertyValues("worker.pool.size=1");

	@Test
	void looksAfterWorkerScopedEntityManagersWhenThereIsAnEntityManagerFactory() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(EntityManagerResetAdapter.class);
			EntityManagerResetAdapter adapter = context.getBean(EntityManagerResetAdapter.class);
			EntityManager entityManager = context.getBean(EntityManagerFactory.class).createEntityManager();
			try {
				assertThat(adapter.adapt(entityManager)).as("an entity manager is reset after each job").isNotNull();
				assertThat(adapter.adapt("not an entity manager")).as("other beans are left alone").isNull();
			}
			finally {
				entityManager.close();
			}
		});
	}

	@Test
	void backsOffWithoutJpaOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader("jakarta.persistence"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EntityManagerResetAdapter.class));
	}

	@Test
	void backsOffWithoutAnEntityManagerFactory() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WorkerAutoConfiguration.class, WorkerJpaAutoConfiguration.class))
			.withPropertyValues("worker.pool.size=1")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EntityManagerResetAdapter.class));
	}

	@Test
	void backsOffWithoutTheWorkerPool() {
		this.runner.withPropertyValues("worker.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EntityManagerResetAdapter.class));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			worker.default-integrations=false                                  | false
			worker.integrations.jpa.enabled=false                              | false
			worker.default-integrations=false,worker.integrations.jpa.enabled=true | true
			""")
	void followsItsSwitchOverTheDefaultIntegrations(String properties, boolean active) {
		this.runner.withPropertyValues(properties.split(","))
			.run((context) -> assertThat(context.getBeansOfType(EntityManagerResetAdapter.class))
				.hasSize(active ? 1 : 0));
	}

	@Test
	void stopsStartUpOnANegativeValidateAfterIdle() {
		this.runner.withPropertyValues("worker.integrations.jpa.validate-after-idle=-1s")
			.run((context) -> WorkerAutoConfigurationTests.assertFailedNaming(context,
					"worker.integrations.jpa.validate-after-idle"));
	}

}
