package dev.workerstarter.websocket;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the handler of the messages of one or more events, the
 * annotation alternative to a {@link WsMessageHandler}. It runs like one: on a worker,
 * with the job bound, one message of a connection at a time.
 * <p>
 * Its parameters may be, in any order, the {@link WsMessage}, the {@link WsServer}, and
 * one parameter of any other type, which receives the message's input data converted to
 * it. A value it returns (other than {@code null}) is sent back to the sender, under the
 * event named by {@link #reply()} or, by default, the message's own event.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WsListener {

	/**
	 * Returns the events whose messages the method handles.
	 * @return the event names
	 */
	String[] value();

	/**
	 * Returns the event of the reply, when the method returns one.
	 * @return the reply's event name; the message's own when empty
	 */
	String reply() default "";

}
