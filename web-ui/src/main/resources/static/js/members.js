// The Copy buttons beside a link shown once: copy the link, and select it so that it can be copied by hand when the
// clipboard is not available (a page served over plain HTTP).
document.querySelectorAll('button.copy-link').forEach((button) => {
	button.addEventListener('click', () => {
		const field = document.getElementById(button.dataset.copy);
		field.select();
		if (navigator.clipboard) {
			navigator.clipboard.writeText(field.value).catch(() => {});
		}
	});
});
