/*
 * The edit page of a post related through the library (an adoption, or a shared post others
 * adopted): X refuses the same text from several accounts, so as the person types, the draft is
 * checked (POST /api/posts/{id}/x-check, debounced) and, when X would refuse its text, the
 * reason and variations that pass are shown; "Use this" puts one in the X text. Everything the
 * server answers is written with textContent. No inline script.
 */
(function () {
	'use strict';

	var DELAY = 400;
	var box = document.getElementById('x-duplicate');
	var form = document.querySelector('form.compose-form');
	if (!box || !form || !window.fetch || !window.HubbenCompose) {
		return;
	}
	var reason = box.querySelector('.x-duplicate-reason');
	var list = box.querySelector('.x-suggestions');
	var template = box.querySelector('template.x-suggestion');
	var xText = document.getElementById('variant-x-text');
	var timer = null;
	var asked = 0;

	var shown = null;

	function schedule() {
		// An answer still on its way is about an older draft: it is not shown.
		asked++;
		clearTimeout(timer);
		timer = setTimeout(check, DELAY);
	}

	function check() {
		var number = ++asked;
		fetch('/api/posts/' + box.dataset.post + '/x-check', {
			method: 'POST',
			credentials: 'same-origin',
			headers: window.HubbenCompose.csrfHeaders({ 'Content-Type': 'application/json', 'Accept': 'application/json' }),
			body: JSON.stringify(window.HubbenCompose.draft())
		}).then(function (response) {
			return response.ok ? response.json() : null;
		}).then(function (answer) {
			if (number !== asked || !answer) {
				return;
			}
			show(answer);
		}).catch(function () {
			// the check runs again on the next change; scheduling checks the same rule anyway
		});
	}

	function show(answer) {
		var json = JSON.stringify(answer);
		if (json === shown) {
			return;
		}
		shown = json;
		list.textContent = '';
		if (!answer.duplicate) {
			box.hidden = true;
			return;
		}
		reason.textContent = answer.reason;
		answer.suggestions.forEach(function (suggestion) {
			var item = template.content.firstElementChild.cloneNode(true);
			item.querySelector('.x-suggestion-text').textContent = suggestion;
			item.querySelector('.x-use').addEventListener('click', function () {
				use(suggestion);
			});
			list.appendChild(item);
		});
		box.hidden = false;
	}

	function use(suggestion) {
		xText.value = suggestion;
		var details = xText.closest('details');
		if (details) {
			details.open = true;
		}
		xText.dispatchEvent(new Event('input', { bubbles: true }));
		xText.focus();
	}

	form.addEventListener('input', schedule);
	form.addEventListener('change', schedule);
	document.addEventListener('input', function (event) {
		if (event.target && event.target.dataset && event.target.dataset.variant) {
			schedule();
		}
	});
	check();
}());
