package dev.workerstarter.integration.grpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

import dev.workerstarter.pool.WorkerPool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * A real gRPC client of the application's gRPC server, over a real port (the one the
 * server reports when it starts on {@code spring.grpc.server.port=0}).
 */
class GrpcClient implements DisposableBean {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private volatile ManagedChannel channel;

	@EventListener
	void started(GrpcServerStartedEvent event) {
		this.channel = ManagedChannelBuilder.forAddress("localhost", event.getPort()).usePlaintext().build();
	}

	ManagedChannel channel() {
		assertThat(this.channel).as("the gRPC server has started").isNotNull();
		return this.channel;
	}

	/**
	 * Calls the unary method and parses its answer.
	 * @param command the command
	 * @return where the call ran
	 */
	Map<String, String> unary(String command) {
		return unary(TestService.UNARY, command);
	}

	/**
	 * Calls a unary method and parses its answer.
	 * @param method the method
	 * @param command the command
	 * @return where the call ran
	 */
	Map<String, String> unary(MethodDescriptor<String, String> method, String command) {
		return TestService.parse(ClientCalls.blockingUnaryCall(channel(), method, options(TIMEOUT), command));
	}

	/**
	 * Calls the unary method without waiting for its answer, for example one that a test
	 * holds on a worker: no thread waits for it.
	 * @param command the command
	 * @return where the call ran, once it answered; fails with the call's status
	 */
	CompletableFuture<Map<String, String>> send(String command) {
		CompletableFuture<Map<String, String>> answer = new CompletableFuture<>();
		ClientCalls.asyncUnaryCall(channel().newCall(TestService.UNARY, options(TIMEOUT)), command,
				new StreamObserver<>() {

					@Override
					public void onNext(String value) {
						answer.complete(TestService.parse(value));
					}

					@Override
					public void onError(Throwable error) {
						answer.completeExceptionally(error);
					}

					@Override
					public void onCompleted() {
						answer.completeExceptionally(new IllegalStateException("no answer"));
					}

				});
		return answer;
	}

	/**
	 * Calls the unary method, expecting it to fail.
	 * @param command the command
	 * @param deadline the call's deadline
	 * @return the status the call ended with
	 */
	Status failing(String command, Duration deadline) {
		StatusRuntimeException ex = catchThrowableOfType(StatusRuntimeException.class,
				() -> ClientCalls.blockingUnaryCall(channel(), TestService.UNARY, options(deadline), command));
		assertThat(ex).as("the call failed").isNotNull();
		return ex.getStatus();
	}

	/**
	 * Calls the server-streaming method and parses its answers.
	 * @param count how many answers to ask for
	 * @return where each answer was sent from
	 */
	List<Map<String, String>> stream(int count) {
		Iterator<String> answers = ClientCalls.blockingServerStreamingCall(channel(), TestService.STREAM,
				options(TIMEOUT), Integer.toString(count));
		List<Map<String, String>> parsed = new ArrayList<>();
		answers.forEachRemaining((answer) -> parsed.add(TestService.parse(answer)));
		return parsed;
	}

	/**
	 * Calls the bidirectional method with each request in turn, then half-closes.
	 * @param requests the requests
	 * @return the answers, in the order they came
	 */
	List<Map<String, String>> echo(String... requests) {
		CompletableFuture<List<Map<String, String>>> done = new CompletableFuture<>();
		List<Map<String, String>> answers = new CopyOnWriteArrayList<>();
		StreamObserver<String> out = ClientCalls
			.asyncBidiStreamingCall(channel().newCall(TestService.ECHO, options(TIMEOUT)), new StreamObserver<>() {

				@Override
				public void onNext(String answer) {
					answers.add(TestService.parse(answer));
				}

				@Override
				public void onError(Throwable error) {
					done.completeExceptionally(error);
				}

				@Override
				public void onCompleted() {
					done.complete(List.copyOf(answers));
				}

			});
		for (String request : requests) {
			out.onNext(request);
		}
		out.onCompleted();
		return done.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
	}

	static CallOptions options(Duration deadline) {
		return CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
	}

	static void awaitIdle(WorkerPool pool) {
		await().atMost(TIMEOUT).until(() -> pool.idleCount() == pool.size() && pool.waitingCount() == 0);
	}

	@Override
	public void destroy() throws InterruptedException {
		ManagedChannel channel = this.channel;
		if (channel != null) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

}
