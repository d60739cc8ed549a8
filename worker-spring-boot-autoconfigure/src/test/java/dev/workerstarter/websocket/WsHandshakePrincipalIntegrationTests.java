package dev.workerstarter.websocket;

import java.security.Principal;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.WebFilter;

import dev.workerstarter.support.EchoListener;
import dev.workerstarter.support.WsTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handshake hooks decide on the handshake's principal, set by a web filter ahead of the
 * endpoint as Spring Security's is, and a hook whose answer fails rejects the handshake.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "worker.websocket.path=/ws")
class WsHandshakePrincipalIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void onlyThePrincipalTheHookAcceptsConnects() {
		WsTestClient alice = start("alice", "/ws");
		assertThat(alice.awaitHandshakeFailure()).isNull();
		alice.close();
		assertThat(start("bob", "/ws").awaitRefusal().status().code()).isEqualTo(403);
		assertThat(start(null, "/ws").awaitRefusal().status().code()).isEqualTo(403);
	}

	@Test
	void aHookWhoseAnswerFailsRejectsTheHandshake() {
		assertThat(start("alice", "/ws?fail=1").awaitRefusal().status().code()).isEqualTo(403);
		WsTestClient client = start("alice", "/ws");
		assertThat(client.awaitHandshakeFailure()).isNull();
		client.send("ECHO", "\"still here\"");
		assertThat(client.nextJson().path("data").asString()).isEqualTo("still here");
		client.close();
	}

	private WsTestClient start(String user, String path) {
		return WsTestClient.start(this.port, path, (headers) -> {
			if (user != null) {
				headers.set("X-User", user);
			}
		}, false);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(EchoListener.class)
	static class Application {

		// What an authentication filter does: the exchange carries the user's principal.
		@Bean
		WebFilter principalFilter() {
			return (exchange, chain) -> {
				String user = exchange.getRequest().getHeaders().getFirst("X-User");
				if (user == null) {
					return chain.filter(exchange);
				}
				Principal principal = () -> user;
				return chain.filter(exchange.mutate().principal(Mono.just(principal)).build());
			};
		}

		@Bean
		@Order(1)
		WsHandshakeHook onlyAlice() {
			return (exchange) -> exchange.getPrincipal().map((principal) -> principal.getName().equals("alice"));
		}

		@Bean
		@Order(2)
		WsHandshakeHook failingOnRequest() {
			return (exchange) -> exchange.getRequest().getQueryParams().containsKey("fail")
					? Mono.error(new IllegalStateException("the user directory is down")) : Mono.just(true);
		}

	}

}
