/*
 * The publication page's live status: follows GET /publications/{id}/status (server-sent events) and updates
 * each delivery's row in place, tells screen readers what changed, and offers "Retry" once something failed.
 * Without this script the page reloads itself every 2 seconds instead (a <noscript> refresh).
 */
(function () {
	'use strict';

	var table = document.querySelector('table.deliveries[data-status]');
	if (!table || !window.EventSource || !window.JSON) {
		return;
	}
	var live = document.getElementById('live-status');
	var progress = document.getElementById('progress');
	var retry = document.getElementById('retry');
	var cancel = document.getElementById('cancel');
	var states = {};
	var source = new EventSource(table.getAttribute('data-status'));

	/** A message of the page's language (data-msg-* on the table), {0} and {1} replaced; English when it has none. */
	function msg(name, english, first, second) {
		var message = table.getAttribute('data-msg-' + name) || english;
		return message.replace('{0}', (first === undefined) ? '' : first).replace('{1}', (second === undefined) ? '' : second);
	}

	if (progress) {
		progress.textContent = msg('going', 'Still going: the states below change as they happen.');
	}

	function text(element, value) {
		element.textContent = (value === null || value === undefined) ? '' : String(value);
	}

	function span(className, value) {
		var element = document.createElement('span');
		element.className = className;
		text(element, value);
		return element;
	}

	function render(row, delivery) {
		var badge = row.querySelector('td.state .badge');
		badge.className = 'badge state-' + delivery.state.toLowerCase();
		text(badge, delivery.state);
		text(row.querySelector('td.attempts'), delivery.attempts);
		var outcome = row.querySelector('td.outcome');
		while (outcome.firstChild) {
			outcome.removeChild(outcome.firstChild);
		}
		if (delivery.remoteUrl) {
			var link = document.createElement('a');
			link.href = delivery.remoteUrl;
			link.rel = 'noopener noreferrer';
			text(link, msg('view', 'View post {0}', delivery.remoteId || ''));
			outcome.appendChild(link);
		}
		if (delivery.reason) {
			outcome.appendChild(span('error', delivery.reason));
		}
		if (delivery.nextAttempt) {
			outcome.appendChild(span('next-attempt hint', msg('next', 'Next attempt {0}', delivery.nextAttempt)));
		}
	}

	function sentence(delivery) {
		var said = msg('on', '{0} on {1}', delivery.channel, delivery.platform) + ': ' + delivery.state.toLowerCase();
		return delivery.reason ? said + ', ' + delivery.reason : said;
	}

	source.addEventListener('deliveries', function (event) {
		var status = JSON.parse(event.data);
		var said = [];
		status.deliveries.forEach(function (delivery) {
			states[delivery.id] = delivery.state;
			var row = document.getElementById('delivery-' + delivery.id);
			if (!row) {
				return;
			}
			var shown = row.querySelector('td.state .badge').textContent.trim();
			var reason = row.querySelector('td.outcome .error');
			var shownReason = reason ? reason.textContent : null;
			render(row, delivery);
			// The first event repeats much of what the page already shows: only what differs is said.
			if (shown !== delivery.state || (delivery.reason || null) !== shownReason) {
				said.push(sentence(delivery));
			}
		});
		var all = Object.keys(states).map(function (id) {
			return states[id];
		});
		var failed = all.indexOf('FAILED') >= 0;
		if (retry) {
			retry.hidden = !failed;
		}
		if (cancel) {
			cancel.hidden = !all.some(function (state) {
				return state === 'PENDING' || state === 'RETRYING' || state === 'WAITING';
			});
		}
		if (status.settled) {
			source.close();
			if (progress) {
				progress.textContent = failed ? msg('failed', 'Finished: some deliveries failed; the reasons are beside them.')
					: msg('done', 'Finished: every delivery is done.');
			}
			said.push(failed ? msg('said-failed', 'Finished, with failures.') : msg('said-done', 'Finished.'));
		}
		if (said.length > 0 && live) {
			live.textContent = said.join(' ');
		}
	});

	source.addEventListener('error', function () {
		// The browser reconnects by itself, and the stream starts again from the state of every delivery.
		if (source.readyState === EventSource.CLOSED && progress) {
			progress.textContent = msg('stopped', 'The live status stopped: reload the page to see the latest states.');
		}
	});
}());
