package dev.workerstarter.integration.session;

import java.security.Principal;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.function.Tuple2;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebSession;

import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.kernel.internal.WorkerContextHolder;
import dev.workerstarter.support.RecordedEvents;

/**
 * An application whose clients log in and visit through handlers of every style, each
 * going through one worker-scoped {@link SessionLedger} that reaches the session and
 * principal with {@link JobSession}. A visit answers
 * {@code ownerSeenByHandler,principalSeenByHandler,ownerSeenByLedger,principalSeenByLedger,visits,ledger}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SessionApp.SessionController.class)
class SessionApp {

	static final String USER_HEADER = "X-User";

	static final String OWNER = "owner";

	static final String VISITS = "visits";

	static final String REFUSED = "refused";

	@Bean
	@WorkerScoped
	SessionLedger sessionLedger(JobSession jobSession) {
		return new SessionLedger(jobSession);
	}

	@Bean
	UserFilter userFilter() {
		return new UserFilter();
	}

	@Bean
	RecordedEvents recordedEvents() {
		return new RecordedEvents();
	}

	/**
	 * Makes the {@code X-User} header the request's principal, kept in the Reactor
	 * context of the handling as Spring Security keeps it.
	 */
	static final class UserFilter implements WebFilter, Ordered {

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			String user = exchange.getRequest().getHeaders().getFirst(USER_HEADER);
			if (user == null) {
				return chain.filter(exchange);
			}
			Mono<Principal> fromContext = Mono
				.deferContextual((context) -> Mono.justOrEmpty(context.getOrEmpty(UserPrincipal.class)));
			return chain.filter(exchange.mutate().principal(fromContext).build())
				.contextWrite(Context.of(UserPrincipal.class, new UserPrincipal(user)));
		}

		@Override
		public int getOrder() {
			return 0;
		}

	}

	record UserPrincipal(String name) implements Principal {

		@Override
		public String getName() {
			return this.name;
		}

	}

	/** One per kernel: serves every client of its worker, and keeps none of them. */
	static class SessionLedger {

		private final JobSession jobSession;

		SessionLedger(JobSession jobSession) {
			this.jobSession = jobSession;
		}

		Mono<String> login() {
			return sessionAndUser().map((both) -> login(both.getT1(), both.getT2()));
		}

		String loginBlocking() {
			return login(this.jobSession.blockSession(), blockingUser());
		}

		Mono<String> visit() {
			return sessionAndUser().map((both) -> visit(both.getT1(), both.getT2()));
		}

		String visitBlocking() {
			return visit(this.jobSession.blockSession(), blockingUser());
		}

		void refuseSaving() {
			this.jobSession.blockSession().getAttributes().put(REFUSED, true);
		}

		private Mono<Tuple2<WebSession, String>> sessionAndUser() {
			return this.jobSession.session()
				.zipWith(this.jobSession.principal().map(Principal::getName).defaultIfEmpty("none"));
		}

		private String blockingUser() {
			return this.jobSession.blockPrincipal().map(Principal::getName).orElse("none");
		}

		private static String login(WebSession session, String user) {
			session.getAttributes().put(OWNER, user);
			session.getAttributes().put(VISITS, 0);
			return user;
		}

		private String visit(WebSession session, String user) {
			int visits = (Integer) session.getAttributes().get(VISITS) + 1;
			session.getAttributes().put(VISITS, visits);
			return session.getAttributes().get(OWNER) + "," + user + "," + visits + "," + System.identityHashCode(this);
		}

	}

	@RestController
	static class SessionController {

		private final SessionLedger ledger;

		private final JobSession jobSession;

		private final AtomicReference<KernelJob> leftoverJob = new AtomicReference<>();

		SessionController(SessionLedger ledger, JobSession jobSession) {
			this.ledger = ledger;
			this.jobSession = jobSession;
		}

		@PostMapping("/login/reactive")
		Mono<String> loginReactive() {
			return this.ledger.login();
		}

		@PostMapping("/login/reactive-empty")
		@ResponseStatus(HttpStatus.NO_CONTENT)
		Mono<Void> loginReactiveEmpty() {
			return this.ledger.login().then();
		}

		@PostMapping("/login/blocking")
		String loginBlocking() {
			return this.ledger.loginBlocking();
		}

		@PostMapping("/login/blocking-empty")
		@ResponseStatus(HttpStatus.NO_CONTENT)
		void loginBlockingEmpty() {
			this.ledger.loginBlocking();
		}

		@GetMapping("/visit/reactive")
		Mono<String> visitReactive(WebSession session, Principal principal) {
			return this.ledger.visit()
				.map((seen) -> session.getAttributes().get(OWNER) + "," + principal.getName() + "," + seen);
		}

		@GetMapping("/visit/blocking")
		String visitBlocking(WebSession session, Principal principal) {
			return session.getAttributes().get(OWNER) + "," + principal.getName() + "," + this.ledger.visitBlocking();
		}

		@PostMapping("/visit/reactive-empty")
		@ResponseStatus(HttpStatus.NO_CONTENT)
		Mono<Void> visitReactiveEmpty() {
			return this.ledger.visit().then();
		}

		@PostMapping("/visit/blocking-empty")
		@ResponseStatus(HttpStatus.NO_CONTENT)
		void visitBlockingEmpty() {
			this.ledger.visitBlocking();
		}

		@PostMapping("/refuse")
		@ResponseStatus(HttpStatus.NO_CONTENT)
		void refuse() {
			this.ledger.refuseSaving();
		}

		@GetMapping("/block-on-event-loop")
		Mono<String> blockOnEventLoop() {
			return Mono.fromCallable(this::blockSessionOrMessage);
		}

		// A job whose code outlives it, as a task it scheduled would: bound to it, run
		// later.
		@PostMapping("/leftover")
		@ResponseStatus(HttpStatus.NO_CONTENT)
		void leaveCodeBehind() {
			this.ledger.loginBlocking();
			this.leftoverJob.set(WorkerContextHolder.get());
		}

		@GetMapping("/leftover")
		String runLeftover() {
			AtomicReference<String> seen = new AtomicReference<>();
			this.leftoverJob.get().wrap(() -> seen.set(blockSessionOrMessage())).run();
			return seen.get();
		}

		KernelJob leftoverJob() {
			return this.leftoverJob.get();
		}

		private String blockSessionOrMessage() {
			try {
				return "got the session of " + this.jobSession.blockSession().getAttributes().get(OWNER);
			}
			catch (IllegalStateException ex) {
				return ex.getMessage();
			}
		}

	}

}
