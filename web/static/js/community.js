// The upvote button on a community post answers in place: the form still works without
// JavaScript (POST, then the page again); with it, the same POST is sent with
// Accept: application/json and the count and the button's pressed state are updated from the
// answer ({voted, upvotes}). Any failure falls back to submitting the form normally.
const form = document.querySelector('form.vote-form');
if (form) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (!response.ok) throw new Error(`vote: ${response.status}`);
      const result = await response.json();
      button.setAttribute('aria-pressed', result.voted ? 'true' : 'false');
      form.querySelector('.vote-label').textContent = result.voted ? 'Upvoted' : 'Upvote';
      form.querySelector('.upvotes').textContent = String(result.upvotes);
      button.disabled = false;
    } catch {
      button.disabled = false;
      form.submit();
    }
  });
}
