package org.hubben.bulk;

import java.util.Map;

/**
 * What is wrong with one row of an import.
 *
 * @param row the row's number: 1 is the first row after the header; 0 for the file as a
 * whole
 * @param errors a message per column ({@code title}, {@code text}, {@code link},
 * {@code channels}, {@code at}, {@code zone}), or per {@code file}
 */
public record RowProblem(int row, Map<String, String> errors) {

	public RowProblem {
		errors = Map.copyOf(errors);
	}

}
