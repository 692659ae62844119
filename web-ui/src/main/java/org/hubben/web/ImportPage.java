package org.hubben.web;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.hubben.organisation.Action;
import org.hubben.bulk.ImportRefused;
import org.hubben.bulk.ImportedPost;
import org.hubben.bulk.PostImporter;
import org.hubben.bulk.RowProblem;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.reactive.result.view.Rendering;

/**
 * {@code /posts/import}: uploads a CSV of scheduled posts and shows what was imported, or
 * every bad row with its reasons (and that nothing was imported).
 */
@Controller
class ImportPage {

	private final CurrentMember currentMember;

	private final PostImporter importer;

	ImportPage(CurrentMember currentMember, PostImporter importer) {
		this.currentMember = currentMember;
		this.importer = importer;
	}

	@GetMapping("/posts/import")
	Mono<Rendering> form(Principal principal) {
		return this.currentMember.allowed(principal, Action.COMPOSE)
			.map((member) -> page(List.of(), List.of(), null, HttpStatus.OK));
	}

	@PostMapping("/posts/import")
	Mono<Rendering> importCsv(@RequestPart(name = "file", required = false) FilePart file,
			@RequestPart(name = "factsChecked", required = false) String factsChecked, Principal principal) {
		if (file == null) {
			return Mono.just(page(List.of(), List.of(), "Choose a CSV file to import", HttpStatus.BAD_REQUEST));
		}
		return this.currentMember.allowed(principal, Action.COMPOSE)
			.flatMap((member) -> this.currentMember.allowed(member, Action.SCHEDULE, member.organisationId()))
			.flatMap((member) -> BulkApi.text(file)
				.flatMap((csv) -> this.importer.importCsv(member, csv, factsChecked != null)))
			.map((imported) -> page(imported, List.of(), null, HttpStatus.CREATED))
			.onErrorResume(ImportRefused.class,
					(ex) -> Mono.just(page(List.of(), problems(ex.rows()), null, HttpStatus.UNPROCESSABLE_CONTENT)))
			.onErrorResume(BulkApi.CsvTooLarge.class,
					(ex) -> Mono.just(page(List.of(), List.of(), ex.getMessage(), HttpStatus.CONTENT_TOO_LARGE)));
	}

	private static Rendering page(List<ImportedPost> imported, List<Problem> problems, String fileProblem,
			HttpStatus status) {
		return Rendering.view("import")
			.modelAttribute("imported", imported)
			.modelAttribute("problems", problems)
			.modelAttribute("fileProblem", fileProblem)
			.status(status)
			.build();
	}

	private static List<Problem> problems(List<RowProblem> rows) {
		return rows.stream()
			.flatMap((row) -> row.errors()
				.entrySet()
				.stream()
				.sorted(Map.Entry.comparingByKey())
				.map((error) -> new Problem((row.row() == 0) ? "file" : Integer.toString(row.row()), error.getKey(),
						error.getValue())))
			.toList();
	}

	/** One message of the report: a row (or the file), a column, and why. */
	record Problem(String row, String column, String message) {

	}

}
