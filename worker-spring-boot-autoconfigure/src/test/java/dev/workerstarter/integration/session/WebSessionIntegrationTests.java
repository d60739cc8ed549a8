package dev.workerstarter.integration.session;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The sessions integration with WebFlux's own in-memory sessions.
 */
@SpringBootTest(classes = SessionApp.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = SessionIntegrationTests.POOL_OF_ONE)
class WebSessionIntegrationTests extends SessionIntegrationTests {

}
