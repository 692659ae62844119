/*
 * The compose page: a small rich-text editor whose HTML goes to the server, and live
 * previews of what each platform receives (POST /api/posts/preview, debounced), with
 * the link card of the page the post links to (GET /api/link-card). Everything the
 * server answers is written with textContent, never as HTML. No inline script, so the
 * page works under a strict Content-Security-Policy.
 */
(function () {
	'use strict';

	var DELAY = 300;
	var form = document.querySelector('form.compose-form');
	var previews = document.getElementById('previews');
	if (!form || !previews || !window.fetch) {
		return;
	}
	var title = document.getElementById('title');
	var link = document.getElementById('link');
	var textarea = document.getElementById('text');
	var editorBox = document.getElementById('rich-editor');
	var editor = document.getElementById('editor');
	var html = document.getElementById('html');
	var status = document.getElementById('preview-status');
	var timer = null;
	var linkTimer = null;
	var asked = 0;
	var cardAsked = 0;
	var shownCardFor = null;

	/** A message of the page's language (data-msg-* on the previews), {0}, {1}, ... replaced; English when it has none. */
	function msg(name, english) {
		var values = Array.prototype.slice.call(arguments, 2);
		return (previews.getAttribute('data-msg-' + name) || english).replace(/\{(\d)\}/g, function (all, index) {
			return (values[index] === undefined) ? all : String(values[index]);
		});
	}

	/* The editor replaces the plain text area; the text area stays for pages without scripts. */
	function startEditor() {
		if (!editor.textContent.trim() && textarea.value.trim()) {
			textarea.value.trim().split(/\n{2,}/).forEach(function (paragraph) {
				var p = document.createElement('p');
				paragraph.split('\n').forEach(function (line, index) {
					if (index > 0) {
						p.appendChild(document.createElement('br'));
					}
					p.appendChild(document.createTextNode(line));
				});
				editor.appendChild(p);
			});
		}
		editorBox.hidden = false;
		textarea.hidden = true;
		textarea.removeAttribute('required');
		textarea.setAttribute('aria-hidden', 'true');
		textarea.tabIndex = -1;
		document.getElementById('text-label').setAttribute('for', 'editor');
		try {
			document.execCommand('defaultParagraphSeparator', false, 'p');
		}
		catch (ignored) {
			// older browsers keep their own separator; the server reads either
		}
		syncEditor();
	}

	function syncEditor() {
		var empty = !editor.textContent.trim();
		html.value = empty ? '' : editor.innerHTML.trim();
		textarea.value = empty ? '' : editor.innerText.trim();
		updateToolState();
	}

	function updateToolState() {
		editorBox.querySelectorAll('button[aria-pressed]').forEach(function (button) {
			var on = false;
			try {
				on = document.queryCommandState(button.dataset.command);
			}
			catch (ignored) {
				on = false;
			}
			button.setAttribute('aria-pressed', on ? 'true' : 'false');
		});
	}

	var savedRange = null;
	var linkEntry = document.getElementById('link-entry');
	var linkAddress = document.getElementById('link-address');

	function runCommand(command) {
		editor.focus();
		if (command === 'createLink') {
			var selection = window.getSelection();
			savedRange = (selection.rangeCount > 0) ? selection.getRangeAt(0).cloneRange() : null;
			linkEntry.hidden = false;
			linkAddress.value = 'https://';
			linkAddress.focus();
			return;
		}
		document.execCommand(command, false, null);
		syncEditor();
		schedule();
	}

	function applyLink() {
		var address = linkAddress.value.trim();
		linkEntry.hidden = true;
		editor.focus();
		if (savedRange) {
			var selection = window.getSelection();
			selection.removeAllRanges();
			selection.addRange(savedRange);
		}
		if (/^(https?:\/\/|mailto:)\S+$/i.test(address)) {
			if (window.getSelection().isCollapsed) {
				document.execCommand('insertText', false, address);
				var range = window.getSelection().getRangeAt(0);
				range.setStart(range.endContainer, Math.max(0, range.endOffset - address.length));
			}
			document.execCommand('createLink', false, address);
		}
		syncEditor();
		schedule();
	}

	/* What the server needs to derive the variants: the same body as POST /api/posts. */
	function draft() {
		var body = {
			title: title.value,
			link: link.value.trim() || null,
			mediaIds: Array.prototype.map.call(form.querySelectorAll('input[name=mediaIds]:checked'),
				function (box) { return box.value; }),
			shared: !!(document.getElementById('shared') || {}).checked
		};
		var variants = {};
		document.querySelectorAll('[data-variant]').forEach(function (field) {
			if (field.value.trim()) {
				variants[field.dataset.variant] = variants[field.dataset.variant] || {};
				variants[field.dataset.variant][field.dataset.part] = field.value;
			}
		});
		body.variants = variants;
		if (html.value && !editorBox.hidden) {
			body.html = html.value;
		}
		else {
			body.text = textarea.value;
		}
		return body;
	}

	/**
	 * The page's CSRF token (the hidden field Spring Security puts in the form): the API takes
	 * the page's session only with it, so no other site can post in the person's name.
	 */
	function csrfHeaders(headers) {
		var token = document.querySelector('input[name="_csrf"]');
		if (token) {
			headers['X-CSRF-TOKEN'] = token.value;
		}
		return headers;
	}

	/* library.js checks the same draft against X's duplicate rule. */
	window.HubbenCompose = { draft: draft, csrfHeaders: csrfHeaders, refresh: function () { schedule(); } };

	function schedule() {
		clearTimeout(timer);
		timer = setTimeout(refresh, DELAY);
		form.dispatchEvent(new CustomEvent('hubben:draftchange'));
	}

	function refresh() {
		var number = ++asked;
		fetch('/api/posts/preview', {
			method: 'POST',
			credentials: 'same-origin',
			headers: csrfHeaders({ 'Content-Type': 'application/json', 'Accept': 'application/json, application/problem+json' }),
			body: JSON.stringify(draft())
		}).then(function (response) {
			return response.json().then(function (json) { return { ok: response.ok, json: json }; });
		}).then(function (answer) {
			if (number !== asked) {
				return;
			}
			if (answer.ok) {
				status.textContent = '';
				render(answer.json);
			}
			else {
				var errors = answer.json.errors || {};
				var messages = Object.keys(errors).map(function (field) { return errors[field]; });
				status.textContent = msg('wait', 'The previews wait for a correction: {0}',
					messages.length ? messages.join('; ') : (answer.json.detail || msg('invalid', 'the draft is not valid')));
			}
		}).catch(function () {
			if (number === asked) {
				status.textContent = msg('unreachable', 'The previews could not be updated; they will be when you type again.');
			}
		});
	}

	var lastPreview = null;

	function render(preview) {
		lastPreview = preview;
		var media = {};
		(preview.media || []).forEach(function (item) { media[item.id] = item; });
		Object.keys(preview.variants).forEach(function (platform) {
			var card = previews.querySelector('[data-platform="' + platform + '"]');
			if (card) {
				renderVariant(card, platform, preview.variants[platform], media);
			}
		});
		previews.dataset.ready = 'true';
		announceLimits();
	}

	/* The counters change with every key; only a platform going over or back under its limit is announced. */
	var announced = '';

	function announceLimits() {
		var over = Array.prototype.map.call(previews.querySelectorAll('.preview.over-limit h3'),
			function (heading) { return heading.textContent; });
		var message = over.length ? msg('over', 'Over the limit on {0}.', over.join(', ')) : (announced ? msg('within', 'Every platform is within its limits.') : '');
		if (message !== announced) {
			announced = message;
			document.getElementById('limit-status').textContent = message;
		}
	}

	function renderVariant(card, platform, variant, media) {
		card.querySelectorAll('.variant-text').forEach(function (element) {
			writeText(element, variant.text, platform === 'x');
		});
		card.querySelectorAll('.variant-title').forEach(function (element) {
			element.textContent = variant.title || '';
		});
		counter(card.querySelector('[data-counter=text]'), variant.length, variant.limit,
			platform === 'youtube' ? msg('description', 'description') : msg('text', 'text'),
			platform === 'youtube' ? msg('bytes', 'bytes') : msg('characters', 'characters'));
		counter(card.querySelector('[data-counter=title]'), variant.titleLength, variant.titleLimit, msg('title', 'title'),
			msg('characters', 'characters'));
		card.classList.toggle('over-limit', variant.length > variant.limit
			|| (variant.titleLimit > 0 && variant.titleLength > variant.titleLimit));
		card.querySelectorAll('.variant-tags').forEach(function (element) {
			element.textContent = '';
			(variant.tags || []).forEach(function (tag) {
				var item = document.createElement(element.tagName === 'UL' ? 'li' : 'span');
				item.className = 'tag';
				item.textContent = (platform === 'youtube' ? '#' : '') + tag;
				element.appendChild(item);
				element.appendChild(document.createTextNode(' '));
			});
		});
		renderMedia(card, platform, variant.media || [], media);
		var problems = card.querySelector('.problems');
		problems.textContent = '';
		(variant.problems || []).forEach(function (problem) {
			var item = document.createElement('li');
			item.textContent = problem;
			problems.appendChild(item);
		});
		var note = variant.shortened ? msg('shortened', 'Shortened by Hubben to fit') : (variant.edited ? msg('edited', 'Edited for {0}', card.querySelector('h3').textContent) : '');
		if (variant.senderLineLeftOut) {
			note = (note ? note + '. ' : '') + msg('sender-left-out', 'The sender line was left out: it does not fit in the length limit');
		}
		card.querySelector('.variant-note').textContent = note;
	}

	function counter(element, length, limit, what, unit) {
		if (!element) {
			return;
		}
		if (!limit) {
			element.hidden = true;
			return;
		}
		element.hidden = false;
		var over = length > limit;
		element.textContent = what + ' ' + length + ' / ' + limit + (over ? ' ' + msg('too-many', '({0} too many)', length - limit) : '');
		element.title = msg('of', '{0} of {1} {2}', length, limit, unit);
		element.classList.toggle('over', over);
		element.classList.toggle('near', !over && length > limit * 0.9);
	}

	var ENTITY = /(https?:\/\/[^\s]+|[#＃][\p{L}\p{M}\p{N}_]+|@[A-Za-z0-9_]+)/u;

	/* Text as the platform shows it: links and hashtags in the link colour, X's links shortened as X does. */
	function writeText(element, text, shortenLinks) {
		element.textContent = '';
		(text || '').split(ENTITY).forEach(function (part, index) {
			if (index % 2 === 0) {
				element.appendChild(document.createTextNode(part));
				return;
			}
			var span = document.createElement('span');
			span.className = 'entity';
			var shown = part;
			if (shortenLinks && /^https?:\/\//.test(part)) {
				shown = part.replace(/^https?:\/\/(www\.)?/, '');
				if (shown.length > 26) {
					shown = shown.substring(0, 25) + '…';
				}
				span.title = part;
			}
			span.textContent = shown;
			element.appendChild(span);
		});
	}

	function renderMedia(card, platform, ids, media) {
		var box = card.querySelector('.variant-media');
		var player = card.querySelector('.yt-file');
		if (player) {
			var video = ids.map(function (id) { return media[id]; }).filter(function (item) { return item; })[0];
			player.textContent = video ? video.filename : msg('no-video', 'No video');
			card.querySelector('.yt-player').classList.toggle('empty', !video);
		}
		if (!box) {
			return;
		}
		box.textContent = '';
		box.dataset.count = String(ids.length);
		ids.forEach(function (id) {
			var item = media[id];
			if (!item) {
				return;
			}
			if (item.kind === 'image') {
				var image = document.createElement('img');
				image.src = '/media/' + encodeURIComponent(id) + '/content';
				image.alt = item.filename;
				image.className = 'media-thumbnail';
				box.appendChild(image);
			}
			else {
				var clip = document.createElement('div');
				clip.className = 'media-video';
				clip.textContent = '▶ ' + item.filename;
				box.appendChild(clip);
			}
		});
	}

	/* The card the linked page offers; nothing is shown when it cannot be read. */
	function scheduleLinkCard() {
		clearTimeout(linkTimer);
		linkTimer = setTimeout(refreshLinkCard, DELAY);
	}

	function refreshLinkCard() {
		var url = link.value.trim();
		if (url === shownCardFor) {
			return;
		}
		var number = ++cardAsked;
		if (!/^https?:\/\/[^\s]+$/i.test(url)) {
			showCard(null, null);
			warn([]);
			return;
		}
		fetch('/api/link-card?url=' + encodeURIComponent(url), {
			credentials: 'same-origin',
			headers: { 'Accept': 'application/json, application/problem+json' }
		}).then(function (response) {
			var type = response.headers.get('Content-Type') || '';
			if (type.indexOf('json') < 0) {
				return { ok: false, json: {} };
			}
			return response.json().then(function (json) { return { ok: response.ok, json: json }; });
		}).then(function (answer) {
			if (number !== cardAsked) {
				return;
			}
			if (answer.ok) {
				showCard(answer.json, url);
				warn(answer.json.warnings || []);
			}
			else {
				showCard(null, url);
				warn(answer.json.detail ? [answer.json.detail] : []);
			}
		}).catch(function () {
			if (number === cardAsked) {
				showCard(null, null);
				warn([]);
			}
		});
	}

	/* What Hubben noticed about the linked page: unreachable, no card tags, another canonical address. */
	function warn(warnings) {
		var element = document.getElementById('link-warnings');
		if (element) {
			element.textContent = warnings.join(' ');
		}
	}

	function showCard(card, url) {
		shownCardFor = url;
		previews.querySelectorAll('.link-card').forEach(function (element) {
			element.textContent = '';
			if (!card || !(card.title || card.description || card.image)) {
				element.hidden = true;
				element.removeAttribute('href');
				return;
			}
			element.hidden = false;
			element.href = card.canonical || card.url || url;
			element.target = '_blank';
			element.rel = 'noopener noreferrer';
			if (card.image && /^https?:\/\//i.test(card.image)) {
				var image = document.createElement('img');
				image.src = card.image;
				image.alt = '';
				image.referrerPolicy = 'no-referrer';
				image.className = 'link-card-image';
				element.appendChild(image);
			}
			var text = document.createElement('span');
			text.className = 'link-card-text';
			var domain = document.createElement('span');
			domain.className = 'link-card-domain';
			try {
				domain.textContent = new URL(card.canonical || card.url || url).hostname.replace(/^www\./, '');
			}
			catch (ignored) {
				domain.textContent = '';
			}
			var heading = document.createElement('span');
			heading.className = 'link-card-title';
			heading.textContent = card.title || '';
			var description = document.createElement('span');
			description.className = 'link-card-description';
			description.textContent = card.description || '';
			text.appendChild(domain);
			text.appendChild(heading);
			text.appendChild(description);
			element.appendChild(text);
		});
	}

	/*
	 * Chosen files are stored at once (POST /api/media), so the previews show what each
	 * platform receives before the form is sent; they are then attached like the files of
	 * a refused form. A file Hubben refuses is named with the reason.
	 */
	var files = document.getElementById('files');
	var attached = document.getElementById('attached');

	function storeChosenFiles() {
		var chosen = Array.prototype.slice.call(files.files || []);
		if (!chosen.length) {
			return;
		}
		files.disabled = true;
		var refusals = [];
		var stored = chosen.reduce(function (previous, file) {
			return previous.then(function () {
				var body = new FormData();
				body.append('file', file, file.name);
				return fetch('/api/media', { method: 'POST', credentials: 'same-origin', headers: csrfHeaders({}), body: body })
					.then(function (response) {
						return response.json().then(function (json) {
							if (response.ok) {
								attach(json);
							}
							else {
								refusals.push(file.name + ': ' + (json.detail || msg('not-stored', 'Hubben could not store it')));
							}
						});
					})
					.catch(function () {
						refusals.push(file.name + ': ' + msg('interrupted', 'the upload was interrupted; choose it again'));
					});
			});
		}, Promise.resolve());
		stored.then(function () {
			files.value = '';
			files.disabled = false;
			fileRefusals(refusals);
			schedule();
		});
	}

	function attach(media) {
		var item = document.createElement('li');
		item.className = 'check';
		var box = document.createElement('input');
		box.type = 'checkbox';
		box.name = 'mediaIds';
		box.id = 'media-' + media.id;
		box.value = media.id;
		box.checked = true;
		var label = document.createElement('label');
		label.htmlFor = box.id;
		if (media.kind === 'image') {
			var image = document.createElement('img');
			image.className = 'thumbnail';
			image.src = '/media/' + encodeURIComponent(media.id) + '/content';
			image.alt = '';
			image.width = 96;
			image.height = 96;
			label.appendChild(image);
		}
		var name = document.createElement('span');
		name.textContent = media.filename;
		label.appendChild(name);
		item.appendChild(box);
		item.appendChild(label);
		attached.appendChild(item);
		attached.hidden = false;
		document.getElementById('attached-hint').hidden = false;
	}

	function fileRefusals(refusals) {
		var error = document.getElementById('files-error');
		if (!refusals.length) {
			return;
		}
		if (!error) {
			error = document.createElement('p');
			error.className = 'error';
			error.id = 'files-error';
			files.parentNode.appendChild(error);
			files.setAttribute('aria-describedby', 'files-hint files-error');
		}
		files.setAttribute('aria-invalid', 'true');
		error.textContent = refusals.join('; ');
	}

	files.addEventListener('change', storeChosenFiles);

	/* The draft as POST /api/posts takes it, with its sources, for autosave.js. */
	form.hubbenDraft = function () {
		syncEditor();
		var body = draft();
		body.sources = document.getElementById('sources').value.split('\n')
			.map(function (line) { return line.trim(); })
			.filter(function (line) { return line; });
		return body;
	};

	startEditor();
	previews.hidden = false;
	editor.addEventListener('input', function () { syncEditor(); schedule(); });
	editor.addEventListener('keyup', updateToolState);
	editor.addEventListener('mouseup', updateToolState);
	editorBox.querySelectorAll('button[data-command]').forEach(function (button) {
		button.addEventListener('mousedown', function (event) { event.preventDefault(); });
		button.addEventListener('click', function () { runCommand(button.dataset.command); });
	});
	document.getElementById('link-apply').addEventListener('click', applyLink);
	document.getElementById('link-cancel').addEventListener('click', function () {
		linkEntry.hidden = true;
		editor.focus();
	});
	linkAddress.addEventListener('keydown', function (event) {
		if (event.key === 'Enter') {
			event.preventDefault();
			applyLink();
		}
		else if (event.key === 'Escape') {
			linkEntry.hidden = true;
			editor.focus();
		}
	});
	document.querySelectorAll('[data-variant]').forEach(function (field) {
		field.addEventListener('input', schedule);
	});
	/* Opening an empty variant starts it from what the platform would get now, without the link Hubben adds. */
	document.querySelectorAll('details.variant-edit').forEach(function (details) {
		details.addEventListener('toggle', function () {
			if (!details.open || !lastPreview) {
				return;
			}
			details.querySelectorAll('[data-variant]').forEach(function (field) {
				if (!field.value.trim()) {
					field.value = (field.dataset.part === 'title') ? lastPreview.title : lastPreview.text;
				}
			});
			schedule();
		});
	});
	title.addEventListener('input', schedule);
	textarea.addEventListener('input', schedule);
	link.addEventListener('input', function () { schedule(); scheduleLinkCard(); });
	form.addEventListener('change', function (event) {
		if (event.target.name === 'mediaIds' || event.target.name === 'shared') {
			schedule();
		}
	});
	form.addEventListener('submit', syncEditor);
	refresh();
	refreshLinkCard();
}());
