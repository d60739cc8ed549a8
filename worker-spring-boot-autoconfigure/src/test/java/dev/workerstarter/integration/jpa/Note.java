package dev.workerstarter.integration.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/**
 * A row of the notes table, with an id chosen by the test so that a duplicate can be
 * forced.
 */
@Entity
public class Note {

	@Id
	private Long id;

	private String text;

	protected Note() {
	}

	public Note(long id, String text) {
		this.id = id;
		this.text = text;
	}

	public Long getId() {
		return this.id;
	}

	public String getText() {
		return this.text;
	}

}
