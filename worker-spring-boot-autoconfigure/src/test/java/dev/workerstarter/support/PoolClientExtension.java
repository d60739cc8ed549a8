package dev.workerstarter.support;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Starts every test of a {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} from a
 * settled pool, and gives the test methods that ask for one a {@link PoolClient} of the
 * application. Before each test it waits until every worker is idle, so that nothing an
 * earlier test sent still runs, and clears the application's {@link RecordedEvents}, if
 * it declares them, so that a test sees the events of its own requests only.
 *
 * <pre class="code">
 * &#064;SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
 * &#064;ExtendWith(PoolClientExtension.class)
 * class MyIntegrationTests {
 *
 *     &#064;Test
 *     void answers(PoolClient client) {
 *         assertThat(client.get("/ok").getBody()).isEqualTo("ok");
 *     }
 *
 * }
 * </pre>
 */
public class PoolClientExtension implements BeforeEachCallback, ParameterResolver {

	@Override
	public void beforeEach(ExtensionContext context) {
		ApplicationContext application = SpringExtension.getApplicationContext(context);
		PoolClient.of(application).awaitIdle();
		application.getBeanProvider(RecordedEvents.class).ifAvailable(RecordedEvents::clear);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == PoolClient.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return PoolClient.of(SpringExtension.getApplicationContext(extensionContext));
	}

}
