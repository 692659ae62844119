package org.hubben.organisation;

import java.util.List;

/**
 * One page of the audit log, newest first.
 *
 * @param entries the entries of the page
 * @param page the page, from 0
 * @param size entries a page
 * @param more whether an older page follows
 */
public record AuditPage(List<AuditEntry> entries, int page, int size, boolean more) {

}
