/*
 * The calendar: drag a post to another day (month) or day and hour (week), or use its Move form, and the page
 * moves it with PATCH /api/publications/{id}. A refusal is shown on the post, which goes back where it was.
 * Without this script the Move form posts to the page, which does the same.
 */
(function () {
	'use strict';

	var page = document.querySelector('main.calendar-page');
	if (!page) {
		return;
	}
	var zone = page.getAttribute('data-zone');
	var view = page.getAttribute('data-view');
	var status = document.getElementById('calendar-status');
	var dragged = null;

	/** A message of the page's language (data-msg-* on main), {0} replaced; English when the page has none. */
	function msg(name, english, argument) {
		var text = page.getAttribute('data-msg-' + name) || english;
		return (argument === undefined) ? text : text.replace('{0}', argument);
	}

	/** The page's CSRF token (the hidden field Spring Security puts in each form): the API needs it with the login session. */
	function csrfHeaders(headers) {
		var token = document.querySelector('input[name="_csrf"]');
		if (token) {
			headers['X-CSRF-TOKEN'] = token.value;
		}
		return headers;
	}

	function pad(number) {
		return (number < 10 ? '0' : '') + number;
	}

	function announce(text) {
		if (status) {
			status.textContent = text;
		}
	}

	/** Answers the reason a refusal gives, or a general one. */
	function reasonOf(response) {
		return response.json().then(function (problem) {
			if (problem && problem.errors && problem.errors.at) {
				return problem.errors.at;
			}
			return (problem && problem.detail) || msg('refused', 'Hubben could not move it ({0})', response.status);
		}, function () {
			return msg('refused', 'Hubben could not move it ({0})', response.status);
		});
	}

	/** Asks the server to move a publication to a wall-clock time in the organisation's zone. */
	function move(id, local) {
		return fetch('/api/publications/' + encodeURIComponent(id), {
			method: 'PATCH',
			credentials: 'same-origin',
			headers: csrfHeaders({ 'Content-Type': 'application/json', 'Accept': 'application/json, application/problem+json' }),
			body: JSON.stringify({ at: local, zone: zone })
		}).then(function (response) {
			if (response.ok) {
				return response.json().then(function () { return null; });
			}
			return reasonOf(response);
		}, function () {
			return msg('unreachable', 'Hubben could not be reached: the post was not moved');
		});
	}

	function showError(chip, message) {
		var error = chip.querySelector('.chip-error');
		if (error) {
			error.textContent = message || '';
			error.hidden = !message;
		}
	}

	/** Where a post due at this wall-clock time goes on this page; null when the page does not show that time. */
	function cellFor(local) {
		var date = local.substring(0, 10);
		var selector = '[data-drop-date="' + date + '"]';
		if (view === 'week') {
			selector += '[data-drop-hour="' + parseInt(local.substring(11, 13), 10) + '"]';
		}
		return page.querySelector(selector);
	}

	/** Puts the chip in the cell of its new time, in time order, and shows that time. */
	function place(chip, local) {
		chip.setAttribute('data-local', local);
		var time = chip.querySelector('.chip-link time');
		if (time) {
			time.textContent = local.substring(11, 16);
		}
		var dateInput = chip.querySelector('input[name=date]');
		var timeInput = chip.querySelector('input[name=time]');
		if (dateInput) {
			dateInput.value = local.substring(0, 10);
		}
		if (timeInput) {
			timeInput.value = local.substring(11, 16);
		}
		var cell = cellFor(local);
		if (!cell) {
			chip.remove();
			return false;
		}
		var list = cell.querySelector('ol.chips');
		var after = null;
		Array.prototype.forEach.call(list.children, function (other) {
			if (!after && other !== chip && other.getAttribute('data-local') > local) {
				after = other;
			}
		});
		list.insertBefore(chip, after);
		return true;
	}

	/** The new wall-clock time of a chip dropped on a cell: the day (and hour) of the cell, the rest of its time kept. */
	function dropTime(chip, cell) {
		var local = chip.getAttribute('data-local');
		var hour = cell.getAttribute('data-drop-hour');
		var time = (hour === null) ? local.substring(11, 16) : pad(parseInt(hour, 10)) + local.substring(13, 16);
		return cell.getAttribute('data-drop-date') + 'T' + time;
	}

	page.addEventListener('dragstart', function (event) {
		var chip = event.target.closest && event.target.closest('.chip[draggable=true]');
		if (!chip) {
			return;
		}
		dragged = chip;
		event.dataTransfer.effectAllowed = 'move';
		event.dataTransfer.setData('text/plain', chip.getAttribute('data-id'));
		chip.classList.add('dragging');
	});

	page.addEventListener('dragend', function () {
		if (dragged) {
			dragged.classList.remove('dragging');
			dragged = null;
		}
		Array.prototype.forEach.call(page.querySelectorAll('.drop-target'), function (cell) {
			cell.classList.remove('drop-target');
		});
	});

	page.addEventListener('dragover', function (event) {
		var cell = dragged && event.target.closest && event.target.closest('[data-drop-date]');
		if (cell) {
			event.preventDefault();
			event.dataTransfer.dropEffect = 'move';
			cell.classList.add('drop-target');
		}
	});

	page.addEventListener('dragleave', function (event) {
		var cell = event.target.closest && event.target.closest('[data-drop-date]');
		if (cell && !cell.contains(event.relatedTarget)) {
			cell.classList.remove('drop-target');
		}
	});

	page.addEventListener('drop', function (event) {
		var cell = dragged && event.target.closest && event.target.closest('[data-drop-date]');
		if (!cell) {
			return;
		}
		event.preventDefault();
		cell.classList.remove('drop-target');
		var chip = dragged;
		dragged = null;
		chip.classList.remove('dragging');
		var before = chip.getAttribute('data-local');
		var local = dropTime(chip, cell);
		if (local === before) {
			return;
		}
		var home = chip.parentNode;
		var next = chip.nextSibling;
		showError(chip, null);
		place(chip, local);
		chip.classList.add('moving');
		move(chip.getAttribute('data-id'), local).then(function (refusal) {
			chip.classList.remove('moving');
			if (refusal) {
				home.insertBefore(chip, next);
				place(chip, before);
				showError(chip, refusal);
				announce(msg('not-moved', 'Not moved: {0}', refusal));
			}
			else {
				announce(msg('moved', 'Moved to {0}', local.replace('T', ' ')));
			}
		});
	});

	page.addEventListener('submit', function (event) {
		var form = event.target;
		if (!form.classList || !form.classList.contains('move-form')) {
			return;
		}
		event.preventDefault();
		var chip = form.closest('.chip');
		var error = form.querySelector('.move-error');
		var date = form.querySelector('input[name=date]').value;
		var time = form.querySelector('input[name=time]').value;
		if (!date || !time) {
			error.textContent = msg('give-time', 'Give the new date and time');
			form.classList.add('invalid');
			return;
		}
		var local = date + 'T' + time;
		move(chip.getAttribute('data-id'), local).then(function (refusal) {
			if (refusal) {
				error.textContent = refusal;
				form.classList.add('invalid');
				form.querySelector('input[name=date]').focus();
				return;
			}
			error.textContent = '';
			form.classList.remove('invalid');
			showError(chip, null);
			var details = form.closest('details');
			var shown = place(chip, local);
			if (details) {
				details.open = false;
			}
			announce(msg('moved', 'Moved to {0}', date + ' ' + time) + (shown ? '' : msg('outside', ', outside what this page shows')));
			var summary = chip.querySelector('summary');
			if (shown && summary) {
				summary.focus();
			}
		});
	});
}());
