package dev.workerstarter.integration.session;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.client.WebClient;

import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What the sessions integration promises, over real HTTP on a pool of one worker,
 * whatever stores the sessions: each client sees only its own session and principal, also
 * through a worker-scoped bean that serves them all, and a session a job uses is saved,
 * with its cookie set, before the worker takes its next job, in every style of handler.
 */
@ExtendWith(PoolClientExtension.class)
abstract class SessionIntegrationTests {

	static final String POOL_OF_ONE = "worker.pool.size=1";

	@Autowired
	JobSession jobSession;

	PoolClient poolClient;

	@BeforeEach
	void usePoolClient(PoolClient poolClient) {
		this.poolClient = poolClient;
	}

	@ParameterizedTest
	@ValueSource(strings = { "/login/reactive", "/login/reactive-empty", "/login/blocking", "/login/blocking-empty" })
	void aSessionCreatedInAJobIsSavedAndItsCookieSet(String login) {
		SessionClient client = client("carol");
		Reply loggedIn = client.login(login);
		assertThat(loggedIn.status()).isBetween(200, 204);
		assertThat(loggedIn.sessionCookie()).isNotBlank();
		Visit visit = client.send(HttpMethod.GET, "/visit/blocking").block(Duration.ofSeconds(10)).visit();
		assertThat(visit).isEqualTo(new Visit("carol", "carol", "carol", "carol", 1, visit.ledger()));
	}

	@Test
	void twoClientsHammeringOneWorkerNeverSeeEachOthersSessionOrPrincipal() {
		SessionClient alice = client("alice");
		SessionClient bob = client("bob");
		alice.login("/login/blocking-empty");
		bob.login("/login/reactive");
		int rounds = 200;
		List<Reply> replies = Flux.range(0, 2 * rounds).flatMap((i) -> {
			SessionClient client = (i % 2 == 0) ? alice : bob;
			return client.send(HttpMethod.GET, ((i / 2) % 2 == 0) ? "/visit/reactive" : "/visit/blocking");
		}, 16).collectList().block(Duration.ofSeconds(60));
		assertThat(replies).hasSize(2 * rounds).allSatisfy((reply) -> {
			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.sessionCookie()).as("no new session").isNull();
			Visit visit = reply.visit();
			assertThat(List.of(visit.ownerSeenByHandler(), visit.principalSeenByHandler(), visit.ownerSeenByLedger(),
					visit.principalSeenByLedger()))
				.containsOnly(reply.user());
		});
		for (String user : List.of("alice", "bob")) {
			assertThat(replies.stream()
				.filter((reply) -> reply.user().equals(user))
				.map((reply) -> reply.visit().visits())).as("every visit of %s counted once, in its own session", user)
				.containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, rounds).boxed().toList());
		}
		assertThat(replies).extracting((reply) -> reply.visit().ledger())
			.as("one worker-scoped instance served both clients")
			.containsOnly(replies.get(0).visit().ledger());
	}

	@Test
	void aSessionChangedByAHandlerWithoutBodyIsSavedBeforeTheWorkerTakesItsNextJob() {
		SessionClient dave = client("dave");
		dave.login("/login/reactive");
		int visits = 40;
		List<Reply> replies = Flux.range(0, visits)
			.flatMap(
					(i) -> dave.send(HttpMethod.POST, (i % 2 == 0) ? "/visit/reactive-empty" : "/visit/blocking-empty"),
					8)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(replies).extracting(Reply::status).containsOnly(204);
		Visit last = dave.send(HttpMethod.GET, "/visit/blocking").block(Duration.ofSeconds(10)).visit();
		assertThat(last.visits()).as("each job read the session the previous one saved").isEqualTo(visits + 1);
	}

	@Test
	void theExchangeOfAJobIsDroppedWhenTheJobEnds(@Autowired SessionApp.SessionController controller) {
		assertThat(client("erin").login("/leftover").status()).isEqualTo(204);
		this.poolClient.awaitIdle();
		assertThatIllegalStateException()
			.isThrownBy(() -> controller.leftoverJob().wrap(this.jobSession::blockSession).run())
			.withMessageContaining("outside the handling of its request");
	}

	@Test
	void codeAJobLeftBehindNeverReachesTheSessionOfTheWorkersNextJob() {
		SessionClient erin = client("erin");
		SessionClient frank = client("frank");
		frank.login("/login/reactive");
		assertThat(erin.login("/leftover").status()).isEqualTo(204);
		Reply reply = frank.send(HttpMethod.GET, "/leftover").block(Duration.ofSeconds(10));
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.body()).contains("outside the handling of its request").doesNotContain("erin", "frank");
	}

	@Test
	void blockingForTheSessionOnAnEventLoopIsRefusedWithWhatToUseInstead() {
		Reply reply = client("grace").send(HttpMethod.GET, "/block-on-event-loop").block(Duration.ofSeconds(10));
		assertThat(reply.body()).contains("JobSession.blockSession() called on thread '")
			.contains("must not block")
			.contains("use session(), which returns a Mono");
	}

	@Test
	void usingJobSessionOutsideAJobSaysWhereToUseIt() {
		assertThatIllegalStateException().isThrownBy(this.jobSession::blockSession)
			.withMessageStartingWith(
					"JobSession used on thread '" + Thread.currentThread().getName() + "', where no job runs")
			.withMessageContaining("worker.http.exclude-paths");
		assertThatIllegalStateException().isThrownBy(() -> this.jobSession.principal().block())
			.withMessageContaining("where no job runs");
	}

	SessionClient client(String user) {
		this.poolClient.awaitIdle();
		return new SessionClient(this.poolClient.web(), user);
	}

	/**
	 * A browser of one user: sends its name as the principal, and keeps its session
	 * cookie.
	 */
	static final class SessionClient {

		private final WebClient client;

		private final String user;

		private volatile @Nullable String session;

		SessionClient(WebClient client, String user) {
			this.client = client;
			this.user = user;
		}

		Reply login(String path) {
			Reply reply = send(HttpMethod.POST, path).block(Duration.ofSeconds(10));
			this.session = reply.sessionCookie();
			return reply;
		}

		Mono<Reply> send(HttpMethod method, String path) {
			return this.client.method(method).uri(path).headers((headers) -> {
				headers.set(SessionApp.USER_HEADER, this.user);
				if (this.session != null) {
					headers.set(HttpHeaders.COOKIE, "SESSION=" + this.session);
				}
			}).exchangeToMono((response) -> {
				ResponseCookie cookie = response.cookies().getFirst("SESSION");
				return response.bodyToMono(String.class)
					.defaultIfEmpty("")
					.map((body) -> new Reply(this.user, response.statusCode().value(), body,
							(cookie != null) ? cookie.getValue() : null));
			});
		}

	}

	record Reply(String user, int status, String body, @Nullable String sessionCookie) {

		Visit visit() {
			String[] parts = this.body.split(",");
			assertThat(parts).as(this.body).hasSize(6);
			return new Visit(parts[0], parts[1], parts[2], parts[3], Integer.parseInt(parts[4]), parts[5]);
		}

	}

	record Visit(String ownerSeenByHandler, String principalSeenByHandler, String ownerSeenByLedger,
			String principalSeenByLedger, int visits, String ledger) {
	}

}
