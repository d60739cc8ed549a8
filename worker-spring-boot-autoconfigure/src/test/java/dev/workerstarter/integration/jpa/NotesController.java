package dev.workerstarter.integration.jpa;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.PersistenceException;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Blocking handlers, run on the worker's own thread, using the kernel's worker-scoped
 * {@link EntityManager} the way an application keeps one long-lived manager per worker.
 */
@RestController
public class NotesController {

	private final EntityManager entityManager;

	// An entity kept from one job to look at in the next.
	private final AtomicReference<Note> kept = new AtomicReference<>();

	// Qualified: the entity manager factory's bean offers Spring's shared manager too,
	// and is primary.
	public NotesController(@Qualifier("workerEntityManager") EntityManager entityManager) {
		this.entityManager = entityManager;
	}

	@GetMapping("/save")
	String save(@RequestParam long id, @RequestParam String text) {
		EntityTransaction transaction = this.entityManager.getTransaction();
		transaction.begin();
		this.entityManager.persist(new Note(id, text));
		transaction.commit();
		return "saved";
	}

	@GetMapping("/find")
	String find(@RequestParam long id) {
		Note note = this.entityManager.find(Note.class, id);
		return (note != null) ? note.getText() : "none";
	}

	// Whether the entity is managed in the job that loaded it.
	@GetMapping("/keep")
	boolean keep(@RequestParam long id) {
		Note note = this.entityManager.find(Note.class, id);
		this.kept.set(note);
		return this.entityManager.contains(note);
	}

	// Whether the entity kept by an earlier job is still managed now.
	@GetMapping("/kept")
	boolean kept() {
		return this.entityManager.contains(this.kept.get());
	}

	// Which manager instance the kernel holds.
	@GetMapping("/manager")
	int manager() {
		return System.identityHashCode(this.entityManager.getDelegate());
	}

	// Inserts a duplicate: the failed flush marks the transaction rollback-only, which
	// the
	// handler catches and answers, leaving the transaction as it is.
	@GetMapping("/duplicate")
	ResponseEntity<String> duplicate(@RequestParam long id) {
		EntityTransaction transaction = this.entityManager.getTransaction();
		transaction.begin();
		this.entityManager.persist(new Note(id, "duplicate"));
		try {
			this.entityManager.flush();
			return ResponseEntity.ok("inserted");
		}
		catch (PersistenceException ex) {
			return ResponseEntity.status(HttpStatus.CONFLICT).body("rollback-only=" + transaction.getRollbackOnly());
		}
	}

	@GetMapping("/leave-open")
	String leaveOpen(@RequestParam long id, @RequestParam String text) {
		this.entityManager.getTransaction().begin();
		this.entityManager.persist(new Note(id, text));
		this.entityManager.flush();
		return "left open";
	}

	@GetMapping("/close")
	String close() {
		this.entityManager.close();
		return "closed";
	}

	// The H2 session of the connection the manager holds, which it keeps after the query.
	@GetMapping("/session")
	int session() {
		return ((Number) this.entityManager.createNativeQuery("SELECT SESSION_ID()").getSingleResult()).intValue();
	}

}
