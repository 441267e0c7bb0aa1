// The capture wizard's photo step: uploads the chosen photo at once (fetch, X-CSRF-Token),
// shows it, and polls the draft until the quality verdict is in. Without JavaScript the form
// posts the photo and the page shows the verdict after a reload.
const section = document.querySelector('.capture-view');
document.documentElement.classList.add('js');

const POLL_MS = 1000;
const MAX_PHOTO_BYTES = 20 * 1024 * 1024;  // kMaxCapturePhotoBytes in capture_routes.h
const POLL_LIMIT_MS = 120000;

function csrfToken() {
  const input = document.getElementById('csrf');
  return input ? input.value : '';
}

function showError(message) {
  const box = document.getElementById('photo-live-error');
  if (!box) return;
  box.textContent = message;
  box.hidden = !message;
}

function showProgress(message) {
  const box = document.getElementById('upload-progress');
  if (!box) return;
  box.textContent = message;
  box.hidden = !message;
}

// Draws the verdict {level, headline, details[]} into the result area.
function showVerdict(result, verdict) {
  let box = document.getElementById('verdict');
  if (!box) {
    box = document.createElement('div');
    box.id = 'verdict';
    result.appendChild(box);
  }
  box.className = `verdict verdict-${verdict.level}`;
  box.dataset.level = verdict.level;
  box.replaceChildren();
  const headline = document.createElement('p');
  headline.className = 'verdict-headline';
  const strong = document.createElement('strong');
  strong.textContent = verdict.headline;
  headline.appendChild(strong);
  box.appendChild(headline);
  const list = document.createElement('ul');
  for (const detail of verdict.details || []) {
    const item = document.createElement('li');
    item.textContent = detail;
    list.appendChild(item);
  }
  box.appendChild(list);
}

function showPreview(result, url, alt) {
  let figure = result.querySelector('figure');
  if (!figure) {
    figure = document.createElement('figure');
    figure.className = 'capture-preview';
    const img = document.createElement('img');
    img.id = 'preview';
    figure.appendChild(img);
    result.prepend(figure);
  }
  const img = figure.querySelector('img');
  img.src = url;
  img.alt = alt;
}

async function poll(view, draftUrl, result) {
  const started = Date.now();
  while (Date.now() - started < POLL_LIMIT_MS) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    let response;
    try {
      response = await fetch(draftUrl, { headers: { Accept: 'application/json' } });
    } catch {
      continue;  // a dropped connection: try again
    }
    if (!response.ok) continue;
    const draft = await response.json();
    const photo = draft.photos && draft.photos[view];
    if (!photo) return;
    showVerdict(result, photo.verdict);
    if (photo.verdict.level !== 'pending') return;
  }
  showProgress('The check is taking longer than usual; you can go on and come back to this step.');
}

async function upload(file) {
  const view = section.dataset.view;
  const result = section.querySelector('.capture-result');
  showError('');
  if (file.size > MAX_PHOTO_BYTES) {
    showError(`This photo is too large (${(file.size / 1048576).toFixed(1)} MB). Take it again, or choose a smaller copy: at most 20 MB.`);
    return;
  }
  const localUrl = URL.createObjectURL(file);
  showPreview(result, localUrl, `The photo you chose for the ${view} view`);
  showProgress('Uploading the photo…');
  const body = new FormData();
  body.append('photo', file, file.name || `${view}.jpg`);
  let response;
  try {
    response = await fetch(section.dataset.uploadUrl, {
      method: 'POST',
      headers: { 'X-CSRF-Token': csrfToken(), Accept: 'application/json' },
      body,
    });
  } catch {
    showProgress('');
    showError('The upload did not reach the server. Check your connection and try again.');
    return;
  }
  showProgress('');
  let json = {};
  try {
    json = await response.json();
  } catch {
    json = {};
  }
  if (!response.ok) {
    const message = json.error && json.error.message
      ? json.error.message
      : response.status === 413
        ? 'This photo is too large. Choose a smaller copy (at most 20 MB).'
        : 'The photo could not be uploaded. Please try again.';
    showError(message);
    return;
  }
  const label = section.querySelector('.capture-pick');
  if (label) label.textContent = 'Retake the photo';
  showVerdict(result, json.verdict);
  if (json.verdict.level === 'pending') await poll(view, section.dataset.draftUrl, result);
}

if (section) {
  const input = section.querySelector('input[type=file]');
  input.addEventListener('change', () => {
    if (input.files && input.files[0]) upload(input.files[0]);
  });
  const pending = document.getElementById('verdict');
  if (pending && pending.dataset.level === 'pending') {
    poll(section.dataset.view, section.dataset.draftUrl, section.querySelector('.capture-result'));
  }
}
