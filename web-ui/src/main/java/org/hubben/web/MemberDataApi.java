package org.hubben.web;

import java.security.Principal;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.hubben.inbox.MemberExport;
import reactor.core.publisher.Mono;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /api/me/export}: everything Hubben holds about the caller, as one JSON document
 * to download (a member's right of access and to data portability).
 */
@ApiController("/api/me")
@Tag(name = "Your data", description = "Everything Hubben holds about you")
class MemberDataApi {

	private final MemberExport export;

	private final CurrentMember currentMember;

	MemberDataApi(MemberExport export, CurrentMember currentMember) {
		this.export = export;
		this.currentMember = currentMember;
	}

	@GetMapping("/export")
	@Operation(operationId = "exportMyData", summary = "Download everything Hubben holds about you",
			description = "Your account and role, the posts you wrote, the publications you scheduled, the replies "
					+ "you wrote and the comments you hid or deleted in the inbox (without other people's words), and "
					+ "your API tokens' names (never a token). A download: `Content-Disposition: attachment`.")
	Mono<ResponseEntity<MemberExport.MemberData>> export(Principal principal) {
		return this.currentMember.of(principal)
			.flatMap(
					(member) -> this.export.of(member)
						.map((data) -> ResponseEntity.ok()
							.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
								.filename("hubben-" + member.username() + "-" + LocalDate.now(ZoneOffset.UTC) + ".json")
								.build()
								.toString())
							.body(data)));
	}

}
