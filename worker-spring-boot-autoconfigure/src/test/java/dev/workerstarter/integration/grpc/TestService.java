package dev.workerstarter.integration.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import org.slf4j.MDC;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.pool.RejectionReason;
import dev.workerstarter.pool.WorkerRejectedException;

/**
 * A gRPC service written by hand, without generated code: its methods take and return
 * UTF-8 strings. Under a name other than {@value #SERVICE} it has the unary method only.
 * The unary method's request is a command; every answer describes where it ran, as
 * {@code key=value} pairs separated by {@code ;}.
 */
class TestService implements BindableService {

	static final String SERVICE = "test.Workers";

	static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {

		@Override
		public InputStream stream(String value) {
			return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public String parse(InputStream stream) {
			try {
				return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	};

	/** Answers a command: where, fail, not-found, hold, stuck. */
	static final MethodDescriptor<String, String> UNARY = unary(SERVICE);

	/** Sends as many answers as the request says. */
	static final MethodDescriptor<String, String> STREAM = MethodDescriptor.<String, String>newBuilder()
		.setType(MethodDescriptor.MethodType.SERVER_STREAMING)
		.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Stream"))
		.setRequestMarshaller(UTF8)
		.setResponseMarshaller(UTF8)
		.build();

	/** Answers every request as it comes, until the client is done. */
	static final MethodDescriptor<String, String> ECHO = MethodDescriptor.<String, String>newBuilder()
		.setType(MethodDescriptor.MethodType.BIDI_STREAMING)
		.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Echo"))
		.setRequestMarshaller(UTF8)
		.setResponseMarshaller(UTF8)
		.build();

	private final String name;

	private final Probe probe;

	private final Holds holds;

	TestService(String name, Probe probe, Holds holds) {
		this.name = name;
		this.probe = probe;
		this.holds = holds;
	}

	static MethodDescriptor<String, String> unary(String service) {
		return MethodDescriptor.<String, String>newBuilder()
			.setType(MethodDescriptor.MethodType.UNARY)
			.setFullMethodName(MethodDescriptor.generateFullMethodName(service, "Unary"))
			.setRequestMarshaller(UTF8)
			.setResponseMarshaller(UTF8)
			.build();
	}

	@Override
	public ServerServiceDefinition bindService() {
		if (!SERVICE.equals(this.name)) {
			return ServerServiceDefinition.builder(this.name)
				.addMethod(unary(this.name), ServerCalls.asyncUnaryCall(this::unary))
				.build();
		}
		return ServerServiceDefinition.builder(SERVICE)
			.addMethod(UNARY, ServerCalls.asyncUnaryCall(this::unary))
			.addMethod(STREAM, ServerCalls.asyncServerStreamingCall(this::stream))
			.addMethod(ECHO, ServerCalls.asyncBidiStreamingCall(this::echo))
			.build();
	}

	private void unary(String command, StreamObserver<String> responses) {
		switch (command) {
			case "fail" -> throw new IllegalStateException("the service failed");
			case "rejected-elsewhere" -> throw new WorkerRejectedException(RejectionReason.QUEUE_FULL);
			case "not-found" -> {
				responses.onError(Status.NOT_FOUND.withDescription("no such thing").asRuntimeException());
				return;
			}
			case "hold" -> {
				// the call's context, attached on the worker, tells of the cancel
				Context.current().addListener((context) -> this.holds.cancelled.incrementAndGet(), Runnable::run);
				this.holds.hold();
			}
			case "stuck" -> {
				// past the exec TTL: its kernel is abandoned, so no worker-scoped bean
				// here
				this.holds.holdIgnoringInterrupts();
				responses.onNext("released=true;");
				responses.onCompleted();
				return;
			}
			default -> {
			}
		}
		responses.onNext(where());
		responses.onCompleted();
	}

	private void stream(String count, StreamObserver<String> responses) {
		for (int i = 0; i < Integer.parseInt(count); i++) {
			responses.onNext(where());
		}
		responses.onCompleted();
	}

	private StreamObserver<String> echo(StreamObserver<String> responses) {
		String startedOn = Thread.currentThread().getName();
		return new StreamObserver<>() {

			@Override
			public void onNext(String request) {
				responses.onNext("echo=" + request + ";started=" + startedOn + ";" + where());
			}

			@Override
			public void onError(Throwable error) {
			}

			@Override
			public void onCompleted() {
				responses.onCompleted();
			}

		};
	}

	private String where() {
		WorkerContext context = WorkerContext.current().orElse(null);
		Map<String, Object> where = new LinkedHashMap<>();
		where.put("thread", Thread.currentThread().getName());
		where.put("pool", (context != null) ? context.poolName() : "none");
		where.put("worker", (context != null) ? context.workerId() : 0);
		where.put("job", (context != null) ? context.jobNumber() : 0);
		where.put("probe", (context != null) ? this.probe.id() : 0);
		where.put("mdc", MDC.get("workerId"));
		where.put("deadline", Context.current().getDeadline() != null);
		StringBuilder text = new StringBuilder();
		where.forEach((key, value) -> text.append(key).append('=').append(value).append(';'));
		return text.toString();
	}

	static Map<String, String> parse(String answer) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : answer.split(";")) {
			int equals = pair.indexOf('=');
			values.put(pair.substring(0, equals), pair.substring(equals + 1));
		}
		return values;
	}

	/** A worker-scoped bean: one instance, with its own id, per kernel. */
	static class Probe {

		private static final AtomicInteger ids = new AtomicInteger();

		private final int id = ids.incrementAndGet();

		int id() {
			return this.id;
		}

	}

	/** Holds calls on their workers until the test lets them go. */
	static class Holds {

		private final AtomicReference<CountDownLatch> release = new AtomicReference<>(new CountDownLatch(0));

		final AtomicInteger inside = new AtomicInteger();

		final AtomicInteger interrupts = new AtomicInteger();

		final AtomicInteger cancelled = new AtomicInteger();

		void close() {
			this.release.set(new CountDownLatch(1));
		}

		void open() {
			this.release.get().countDown();
		}

		void hold() {
			this.inside.incrementAndGet();
			try {
				this.release.get().await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted", ex);
			}
			finally {
				this.inside.decrementAndGet();
			}
		}

		void holdIgnoringInterrupts() {
			this.inside.incrementAndGet();
			try {
				CountDownLatch release = this.release.get();
				for (;;) {
					try {
						release.await();
						return;
					}
					catch (InterruptedException ex) {
						this.interrupts.incrementAndGet();
					}
				}
			}
			finally {
				this.inside.decrementAndGet();
			}
		}

	}

}
