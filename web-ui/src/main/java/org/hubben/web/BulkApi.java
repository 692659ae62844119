package org.hubben.web;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.hubben.organisation.Action;
import org.hubben.bulk.ExportedPost;
import org.hubben.bulk.ImportedPost;
import org.hubben.bulk.PostExporter;
import org.hubben.bulk.PostImporter;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;

/**
 * CSV import of scheduled posts (all rows or none) and CSV and JSON export of the
 * organisation's posts with their publications and deliveries.
 */
@ApiController("/api")
@Tag(name = "Import and export", description = "Posts in bulk: a CSV of scheduled posts in, posts and deliveries out")
class BulkApi {

	/** The largest CSV file an import reads. */
	static final int MAX_BYTES = 2 * 1024 * 1024;

	static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	private final CurrentMember currentMember;

	private final PostImporter importer;

	private final PostExporter exporter;

	BulkApi(CurrentMember currentMember, PostImporter importer, PostExporter exporter) {
		this.currentMember = currentMember;
		this.importer = importer;
		this.exporter = exporter;
	}

	@PostMapping(path = "/posts/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(operationId = "importPosts", summary = "Import scheduled posts from a CSV file",
			description = "Every row is checked first; if any is bad, nothing is imported and the answer (422) "
					+ "lists the bad rows with a reason per column. A post that states facts (figures, dates, quotes, "
					+ "sources) is imported only with factsChecked=true: the person went through each post's fact "
					+ "checklist.")
	@ApiResponse(responseCode = "201", description = "What was composed and scheduled")
	Mono<ResponseEntity<ImportJson>> importCsv(@RequestPart("file") FilePart file,
			@RequestParam(name = "factsChecked", defaultValue = "false") boolean factsChecked, Principal principal) {
		return this.currentMember.allowed(principal, Action.COMPOSE)
			.flatMap((member) -> this.currentMember.allowed(member, Action.SCHEDULE, member.organisationId()))
			.flatMap((member) -> text(file).flatMap((csv) -> this.importer.importCsv(member, csv, factsChecked)))
			.map((imported) -> ResponseEntity.status(HttpStatus.CREATED)
				.body(new ImportJson(imported.size(), imported)));
	}

	@GetMapping("/export/posts.csv")
	@Operation(operationId = "exportPostsCsv", summary = "Export posts and their deliveries as CSV")
	Mono<ResponseEntity<String>> exportCsv(Principal principal) {
		return this.currentMember.allowed(principal, Action.VIEW)
			.flatMap((member) -> this.exporter.posts(member.organisationId()))
			.map((posts) -> ResponseEntity.ok()
				.contentType(TEXT_CSV)
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment().filename("posts.csv").build().toString())
				.body(PostExporter.csv(posts)));
	}

	@GetMapping("/export/posts.json")
	@Operation(operationId = "exportPostsJson", summary = "Export posts and their deliveries as JSON")
	Mono<List<ExportedPost>> exportJson(Principal principal) {
		return this.currentMember.allowed(principal, Action.VIEW)
			.flatMap((member) -> this.exporter.posts(member.organisationId()));
	}

	/**
	 * @return the file's text, UTF-8 (a byte order mark is ignored); a
	 * {@link CsvTooLarge} error over {@link #MAX_BYTES}
	 */
	static Mono<String> text(FilePart file) {
		return DataBufferUtils.join(file.content(), MAX_BYTES).map((buffer) -> {
			try {
				return buffer.toString(StandardCharsets.UTF_8);
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		})
			.defaultIfEmpty("")
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> new CsvTooLarge("An import file has at most " + (MAX_BYTES / 1024 / 1024) + " MB"));
	}

	/** An import file over {@link #MAX_BYTES}. */
	static class CsvTooLarge extends RuntimeException {

		CsvTooLarge(String message) {
			super(message, null, false, false);
		}

	}

	record ImportJson(int imported, List<ImportedPost> posts) {

	}

}
