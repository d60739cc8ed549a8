package dev.workerstarter.websocket.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.workerstarter.websocket.internal.RelayCommand.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RelayCommandCodecTests {

	@ParameterizedTest
	@EnumSource(Kind.class)
	void readsBackWhatItWrote(Kind kind) {
		RelayCommand command = new RelayCommand(kind, "instance 1:a", "c-1 2:3", "",
				"{\"event\":\"X\",\"data\":\"a b: 1:2 - \\n é 😀\"}\n", 1008);
		assertThat(RelayCommandCodec.decode(RelayCommandCodec.encode(command))).isEqualTo(command);
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void readsBackMissingFields(Kind kind) {
		RelayCommand command = new RelayCommand(kind, "a", null, null, null, 0);
		assertThat(RelayCommandCodec.encode(command)).isEqualTo(kind.name() + " 0 1:a - - -");
		assertThat(RelayCommandCodec.decode(RelayCommandCodec.encode(command))).isEqualTo(command);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "SEND", "SEND ", "SEND 0", "SEND 0 ", "SEND x 1:a - - -", "NOPE 0 1:a - - -",
			"send 0 1:a - - -", "SEND 0 - - - -", "SEND 0 1:a - - - -", "SEND 0 1:a - - -x", "SEND 0 2:a - - -",
			"SEND 0 1:a - - 9:abc", "SEND 0 1:a - - -1:", "SEND 0 1:a - - x:abc", "SEND 0 1:a - -  -",
			"SEND 0 1:a  - - -", "SEND  0 1:a - - -", "SEND 0 a - - -", "{\"event\":\"X\"}" })
	void rejectsWhatItDidNotWrite(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> RelayCommandCodec.decode(text));
	}

}
