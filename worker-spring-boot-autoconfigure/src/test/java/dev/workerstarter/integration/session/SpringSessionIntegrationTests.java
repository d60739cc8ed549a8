package dev.workerstarter.integration.session;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.session.MapSession;
import org.springframework.session.ReactiveMapSessionRepository;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.config.annotation.web.server.EnableSpringWebSession;
import org.springframework.session.web.server.session.SpringSessionWebSessionStore;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;

import dev.workerstarter.event.WorkerExceptionEvent;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sessions integration with Spring Session, over a store whose saves complete later,
 * on another thread, as a remote store's do: a worker given back before the save
 * completes would let the client's next request read its session as it was before.
 */
@SpringBootTest(classes = { SessionApp.class, SpringSessionIntegrationTests.SpringSessionConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = SessionIntegrationTests.POOL_OF_ONE)
class SpringSessionIntegrationTests extends SessionIntegrationTests {

	@Autowired
	RecordedEvents events;

	@Test
	void aSaveThatFailsFailsTheJobAndGivesTheWorkerBack() {
		SessionClient heidi = client("heidi");
		this.events.clear();
		Reply refused = heidi.send(HttpMethod.POST, "/refuse")
			.onErrorResume((closed) -> Mono.just(new Reply("heidi", 0, "", null)))
			.block(Duration.ofSeconds(10));
		assertThat(refused.status() / 100).as("no success without a saved session").isNotEqualTo(2);
		this.poolClient.awaitIdle();
		assertThat(this.events.exceptions()).singleElement()
			.extracting(WorkerExceptionEvent::exception)
			.satisfies((failure) -> assertThat(failure).hasMessage("save refused"));
		SessionClient ivan = client("ivan");
		assertThat(ivan.login("/login/blocking-empty").status()).isEqualTo(204);
	}

	@Test
	void theSessionsAreSpringSessions(@Autowired WebSessionManager webSessionManager) {
		assertThat(webSessionManager).isInstanceOfSatisfying(DefaultWebSessionManager.class,
				(manager) -> assertThat(manager.getSessionStore()).isInstanceOf(SpringSessionWebSessionStore.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableSpringWebSession
	static class SpringSessionConfiguration {

		@Bean
		ReactiveSessionRepository<MapSession> sessionRepository() {
			return new SlowSaves(new ReactiveMapSessionRepository(new ConcurrentHashMap<>()));
		}

	}

	/**
	 * An in-memory store whose saves complete a little later, on another thread, and
	 * which refuses to save a session marked {@link SessionApp#REFUSED}.
	 */
	static final class SlowSaves implements ReactiveSessionRepository<MapSession> {

		private final ReactiveMapSessionRepository delegate;

		SlowSaves(ReactiveMapSessionRepository delegate) {
			this.delegate = delegate;
		}

		@Override
		public Mono<MapSession> createSession() {
			return this.delegate.createSession();
		}

		@Override
		public Mono<Void> save(MapSession session) {
			if (session.getAttribute(SessionApp.REFUSED) != null) {
				return Mono.error(new IllegalStateException("save refused"));
			}
			return Mono.delay(Duration.ofMillis(2)).then(this.delegate.save(session));
		}

		@Override
		public Mono<MapSession> findById(String id) {
			return this.delegate.findById(id);
		}

		@Override
		public Mono<Void> deleteById(String id) {
			return this.delegate.deleteById(id);
		}

	}

}
