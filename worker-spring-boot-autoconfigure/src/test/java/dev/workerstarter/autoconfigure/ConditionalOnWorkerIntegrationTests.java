package dev.workerstarter.autoconfigure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionalOnWorkerIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SampleIntegrationConfiguration.class);

	@ParameterizedTest(name = "default-integrations={0}, sample.enabled={1} -> {2}")
	@CsvSource(nullValues = "unset", textBlock = """
			unset, unset, true
			true,  unset, true
			false, unset, false
			unset, false, false
			true,  false, false
			false, true,  true
			true,  true,  true
			""")
	void anIntegrationsOwnSwitchWinsOverTheDefault(String defaults, String own, boolean active) {
		ApplicationContextRunner runner = this.runner;
		if (defaults != null) {
			runner = runner.withPropertyValues("worker.default-integrations=" + defaults);
		}
		if (own != null) {
			runner = runner.withPropertyValues("worker.integrations.sample.enabled=" + own);
		}
		runner.run((context) -> assertThat(context.containsBean("sampleIntegration")).isEqualTo(active));
	}

	@Configuration(proxyBeanMethods = false)
	static class SampleIntegrationConfiguration {

		@Bean
		@ConditionalOnWorkerIntegration("sample")
		String sampleIntegration() {
			return "on";
		}

	}

}
