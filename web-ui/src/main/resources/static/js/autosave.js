/*
 * Saves the compose page's draft as the person writes (PUT /api/drafts/{id}): 1.5 s after
 * the last change, and at once when the page is hidden or left (a keepalive request, so it
 * survives the page). The id was chosen when the page was made, so a save sent twice never
 * makes two drafts; one save runs at a time, and what changed meanwhile follows it. A
 * refused or failed save keeps everything typed and is tried again at the next change.
 * The words shown come from the status element's data- attributes (translated with the
 * page).
 */
(function () {
	'use strict';

	var DELAY = 1500;
	/* Browsers refuse keepalive bodies over 64 KiB; a larger draft is saved the usual way. */
	var KEEPALIVE_MAX = 60000;
	var status = document.getElementById('autosave-status');
	var form = document.getElementById('compose-form');
	if (!status || !form || !window.fetch || typeof form.hubbenDraft !== 'function') {
		return;
	}
	var id = status.dataset.draftId;
	var address = '/api/drafts/' + encodeURIComponent(id);
	var saved = body();
	var timer = null;
	var running = null;
	var inFlight = null;
	var again = false;
	var stopped = false;

	function body() {
		return JSON.stringify(form.hubbenDraft());
	}

	function headers() {
		var result = { 'Content-Type': 'application/json', 'Accept': 'application/json, application/problem+json' };
		var token = document.querySelector('input[name="_csrf"]');
		if (token) {
			result['X-CSRF-TOKEN'] = token.value;
		}
		return result;
	}

	function show(text, state) {
		status.textContent = text;
		status.dataset.state = state;
	}

	function words(name, value) {
		return (status.dataset[name] || '{0}').replace('{0}', value);
	}

	function changed() {
		if (stopped) {
			return;
		}
		clearTimeout(timer);
		timer = setTimeout(function () { save(false); }, DELAY);
	}

	/* The page becomes the draft's edit page: a reload finds it, and the form schedules this draft. */
	function adopt() {
		var edit = '/posts/' + encodeURIComponent(id) + '/edit';
		if (location.pathname !== edit) {
			history.replaceState(history.state, '', edit);
		}
		form.setAttribute('action', '/posts/' + encodeURIComponent(id));
	}

	function reason(answer) {
		var json = answer.json || {};
		var errors = json.errors || {};
		var messages = Object.keys(errors).map(function (field) { return errors[field]; });
		if (messages.length) {
			return messages.join('; ');
		}
		return json.detail || status.dataset.invalid || String(answer.status);
	}

	function save(keepalive) {
		clearTimeout(timer);
		if (stopped) {
			return running || Promise.resolve();
		}
		var sending = body();
		if (sending === saved || sending === inFlight) {
			return running || Promise.resolve();
		}
		// Leaving the page cannot wait for the save under way: the newer one goes too.
		if (running && !keepalive) {
			again = true;
			return running;
		}
		inFlight = sending;
		show(status.dataset.saving || '…', 'saving');
		var request = fetch(address, {
			method: 'PUT',
			credentials: 'same-origin',
			headers: headers(),
			body: sending,
			keepalive: keepalive && sending.length < KEEPALIVE_MAX
		}).then(function (response) {
			return response.json().catch(function () { return {}; })
				.then(function (json) { return { ok: response.ok, status: response.status, json: json }; });
		}).then(function (answer) {
			if (answer.ok) {
				saved = sending;
				adopt();
				var time = new Date().toLocaleTimeString(document.documentElement.lang || undefined,
					{ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
				show(words('saved', time), 'saved');
				return;
			}
			if (answer.status === 403 || answer.status === 409) {
				stopped = true;
			}
			show(words('failed', reason(answer)), 'failed');
		}, function () {
			show(words('failed', status.dataset.offline || ''), 'failed');
		}).then(function () {
			if (running === request) {
				running = null;
				inFlight = null;
			}
			if (again && !running) {
				again = false;
				return save(false);
			}
		});
		running = request;
		return request;
	}

	form.addEventListener('hubben:draftchange', changed);
	document.getElementById('sources').addEventListener('input', changed);
	document.addEventListener('visibilitychange', function () {
		if (document.visibilityState === 'hidden') {
			save(true);
		}
	});
	window.addEventListener('pagehide', function () { save(true); });
	window.addEventListener('pageshow', function (event) {
		if (event.persisted) {
			stopped = false;
		}
	});
	/*
	 * Sending the form while the first save is under way would compose a second post:
	 * the form waits for the save, then goes to the draft it made.
	 */
	form.addEventListener('submit', function (event) {
		clearTimeout(timer);
		stopped = true;
		if (running) {
			event.preventDefault();
			var submitter = event.submitter;
			running.then(function () {
				running = null;
				if (submitter) {
					form.requestSubmit(submitter);
				}
				else {
					form.requestSubmit();
				}
			});
		}
	});
}());
