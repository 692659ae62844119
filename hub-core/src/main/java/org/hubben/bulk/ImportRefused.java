package org.hubben.bulk;

import java.util.List;

/** An import of which nothing was saved, because of the problems listed. */
public class ImportRefused extends RuntimeException {

	private final List<RowProblem> rows;

	ImportRefused(List<RowProblem> rows) {
		super(rows.size() + " row(s) cannot be imported; nothing was imported", null, false, false);
		this.rows = List.copyOf(rows);
	}

	/**
	 * @return every bad row, in file order
	 */
	public List<RowProblem> rows() {
		return this.rows;
	}

}
