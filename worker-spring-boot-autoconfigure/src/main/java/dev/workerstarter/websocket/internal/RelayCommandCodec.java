package dev.workerstarter.websocket.internal;

import org.jspecify.annotations.Nullable;

import dev.workerstarter.websocket.internal.RelayCommand.Kind;

/**
 * Writes a {@link RelayCommand} as the text of a pub/sub message and reads it back:
 * {@code KIND code origin connectionId channel payload}, separated by single spaces, each
 * string as {@code <length>:<text>} and a missing one as {@code -}. The lengths let
 * payloads (JSON) and ids hold any character, spaces and colons included, without
 * escaping.
 */
final class RelayCommandCodec {

	private RelayCommandCodec() {
	}

	static String encode(RelayCommand command) {
		StringBuilder text = new StringBuilder(32 + length(command.origin()) + length(command.connectionId())
				+ length(command.channel()) + length(command.payload()));
		text.append(command.kind().name()).append(' ').append(command.code());
		append(text, command.origin());
		append(text, command.connectionId());
		append(text, command.channel());
		append(text, command.payload());
		return text.toString();
	}

	/**
	 * Reads a command.
	 * @param text the message's text
	 * @return the command
	 * @throws IllegalArgumentException if the text is not a command this codec wrote
	 */
	static RelayCommand decode(String text) {
		Reader reader = new Reader(text);
		Kind kind = kind(reader.token());
		int code = reader.number(reader.token());
		String origin = reader.string();
		if (origin == null) {
			throw new IllegalArgumentException("the command has no origin");
		}
		RelayCommand command = new RelayCommand(kind, origin, reader.string(), reader.string(), reader.string(), code);
		reader.end();
		return command;
	}

	// The messages leave out the text: it may be long.
	private static Kind kind(String name) {
		try {
			return Kind.valueOf(name);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("the command's kind is not known");
		}
	}

	private static int length(@Nullable String value) {
		return (value != null) ? value.length() : 0;
	}

	private static void append(StringBuilder text, @Nullable String value) {
		text.append(' ');
		if (value == null) {
			text.append('-');
		}
		else {
			text.append(value.length()).append(':').append(value);
		}
	}

	private static final class Reader {

		private final String text;

		private int position;

		Reader(String text) {
			this.text = text;
		}

		// Up to the next space, or the end; a token is never empty.
		String token() {
			skipSeparator();
			int end = this.text.indexOf(' ', this.position);
			if (end < 0) {
				end = this.text.length();
			}
			if (end == this.position) {
				throw malformed("a value is missing");
			}
			String token = this.text.substring(this.position, end);
			this.position = end;
			return token;
		}

		@Nullable String string() {
			skipSeparator();
			if (this.text.startsWith("-", this.position)) {
				this.position++;
				return null;
			}
			int colon = this.text.indexOf(':', this.position);
			if (colon < 0) {
				throw malformed("a field has no length");
			}
			int length = number(this.text.substring(this.position, colon));
			int start = colon + 1;
			if (length < 0 || length > this.text.length() - start) {
				throw malformed("a field is longer than the text");
			}
			this.position = start + length;
			return this.text.substring(start, this.position);
		}

		// Every value but the first follows a space.
		private void skipSeparator() {
			if (this.position > 0) {
				if (this.position >= this.text.length() || this.text.charAt(this.position) != ' ') {
					throw malformed("a value is missing");
				}
				this.position++;
			}
		}

		int number(String digits) {
			try {
				return Integer.parseInt(digits);
			}
			catch (NumberFormatException ex) {
				throw malformed("a number is expected");
			}
		}

		void end() {
			if (this.position != this.text.length()) {
				throw malformed("the text goes on after the last field");
			}
		}

		private IllegalArgumentException malformed(String reason) {
			return new IllegalArgumentException(reason + " at " + this.position);
		}

	}

}
