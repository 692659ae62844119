// Copy buttons for the share kit. Progressive enhancement: without this script every text is still there to
// select and copy by hand, and the buttons stay hidden. Nothing here talks to any server.
(function () {
	"use strict";
	var status = document.getElementById("copy-status");

	function announce(key, button) {
		if (status) {
			status.textContent = "";
			status.textContent = status.getAttribute(key) || "";
		}
		if (button) {
			button.setAttribute("data-copied", key === "data-copied" ? "true" : "false");
		}
	}

	function selectAll(source) {
		source.focus();
		source.select();
		if (source.setSelectionRange) {
			source.setSelectionRange(0, source.value.length);
		}
	}

	function fallbackCopy(source) {
		selectAll(source);
		try {
			return document.execCommand("copy");
		} catch (e) {
			return false;
		}
	}

	function copy(button) {
		var source = document.getElementById(button.getAttribute("data-copy"));
		if (!source) {
			return;
		}
		var text = source.value;
		if (navigator.clipboard && window.isSecureContext) {
			navigator.clipboard.writeText(text).then(function () {
				announce("data-copied", button);
			}, function () {
				announce(fallbackCopy(source) ? "data-copied" : "data-failed", button);
			});
		} else {
			announce(fallbackCopy(source) ? "data-copied" : "data-failed", button);
		}
	}

	var buttons = document.querySelectorAll("button[data-copy]");
	for (var i = 0; i < buttons.length; i++) {
		buttons[i].hidden = false;
		buttons[i].addEventListener("click", function (event) {
			copy(event.currentTarget);
		});
	}
	var sources = document.querySelectorAll(".copy-source");
	for (var j = 0; j < sources.length; j++) {
		sources[j].addEventListener("focus", function (event) {
			event.currentTarget.select();
		});
	}
})();
