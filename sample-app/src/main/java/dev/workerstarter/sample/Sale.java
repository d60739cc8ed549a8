package dev.workerstarter.sample;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/**
 * A sale, stored in the embedded H2 database.
 */
@Entity
public class Sale {

	@Id
	@GeneratedValue
	private Long id;

	private String item;

	private int quantity;

	protected Sale() {
	}

	public Sale(String item, int quantity) {
		this.item = item;
		this.quantity = quantity;
	}

	public Long getId() {
		return this.id;
	}

	public String getItem() {
		return this.item;
	}

	public int getQuantity() {
		return this.quantity;
	}

}
