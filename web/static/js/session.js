// The session page: draws each photo's scalp mask (blue outline) and loss mask (orange outline,
// light fill) over it on a canvas, with toggles; and the loss-mask editor: brush and eraser with
// pointer events (finger, pen or mouse), brush size, undo, save (PUT of a 0/255 PNG of the
// photo's size) and "back to automatic" (DELETE). After a save the page reloads, showing the
// new SALT.

const SCALP_RGB = [0, 114, 178]; // Okabe–Ito blue
const LOSS_RGB = [230, 159, 0]; // Okabe–Ito orange
const LOSS_ALPHA = 60; // of 255: the hair under the area stays visible

const csrf = document.getElementById('csrf')?.value || '';
const status = document.getElementById('mask-status');
const showScalp = document.getElementById('show-scalp');
const showLoss = document.getElementById('show-loss');

function say(text) {
  if (status) status.textContent = text;
}

function loadImage(url) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error(`could not load ${url}`));
    img.src = url;
  });
}

// The mask as a Uint8Array of 0/1 at (width, height).
async function loadMask(url, width, height) {
  const img = await loadImage(`${url}?t=${Date.now()}`);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(img, 0, 0, width, height);
  const data = ctx.getImageData(0, 0, width, height).data;
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i += 1) out[i] = data[i * 4] > 127 ? 1 : 0;
  return out;
}

// The overlay drawn at a reduced size (masks are full-resolution; the outline and tint do not
// need more than the displayed size).
function overlaySize(canvas) {
  const full = [canvas.width, canvas.height];
  const scale = Math.min(1, 1024 / Math.max(full[0], full[1]));
  return [Math.max(1, Math.round(full[0] * scale)), Math.max(1, Math.round(full[1] * scale))];
}

// Outlines, with a light fill for the loss area (a filled mask would hide the hair the reader
// wants to see); the outline is a few pixels wide whatever the canvas size.
function paintOverlay(layer) {
  const { scalp, loss, w, h } = layer.masks;
  const ctx = layer.canvas.getContext('2d');
  const image = ctx.createImageData(w, h);
  const px = image.data;
  const t = Math.max(1, Math.round(w / 300));
  const edge = (mask, x, y, i) => x < t || y < t || x >= w - t || y >= h - t ||
    !mask[i - t] || !mask[i + t] || !mask[i - t * w] || !mask[i + t * w];
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      const i = y * w + x;
      let rgba = null;
      if (showLoss?.checked && loss[i]) {
        rgba = edge(loss, x, y, i) ? [...LOSS_RGB, 255] : [...LOSS_RGB, LOSS_ALPHA];
      }
      if (showScalp?.checked && scalp[i] && edge(scalp, x, y, i)) rgba = [...SCALP_RGB, 255];
      if (rgba) px.set(rgba, i * 4);
    }
  }
  ctx.putImageData(image, 0, 0);
}

const layers = [];

async function setUpLayer(canvas) {
  const [w, h] = overlaySize(canvas);
  const layer = { canvas, masks: null };
  try {
    const [scalp, loss] = await Promise.all([
      loadMask(canvas.dataset.scalpUrl, w, h),
      loadMask(canvas.dataset.lossUrl, w, h),
    ]);
    canvas.width = w;
    canvas.height = h;
    layer.masks = { scalp, loss, w, h };
    paintOverlay(layer);
    canvas.dataset.ready = 'true';
  } catch (error) {
    say(`The masks could not be shown: ${error.message}`);
  }
  layers.push(layer);
}

function repaintAll() {
  for (const layer of layers) if (layer.masks) paintOverlay(layer);
}
showScalp?.addEventListener('change', repaintAll);
showLoss?.addEventListener('change', repaintAll);

for (const canvas of document.querySelectorAll('canvas.mask-layer')) setUpLayer(canvas);

// ---- the editor ----

function element(tag, attributes = {}, text = '') {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  if (text) el.textContent = text;
  return el;
}

async function openEditor(button) {
  const article = button.closest('article');
  const overlay = article.querySelector('canvas.mask-layer');
  if (!overlay || article.querySelector('.mask-editor')) return;
  const sha = button.dataset.sha;
  const width = Number(overlay.dataset.fullWidth);
  const height = Number(overlay.dataset.fullHeight);
  button.disabled = true;
  say('Loading the hair-loss area to edit…');
  const mask = await loadMask(overlay.dataset.lossUrl, width, height);

  // The edit canvas: full resolution, opaque orange where the mask is set, shown translucent.
  const canvas = element('canvas', { class: 'mask-edit', width, height, 'aria-label':
    `Hair-loss area of the ${button.dataset.label} view: draw to add, erase to remove` });
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const image = ctx.createImageData(width, height);
  for (let i = 0; i < mask.length; i += 1) {
    if (mask[i]) image.data.set([...LOSS_RGB, 255], i * 4);
  }
  ctx.putImageData(image, 0, 0);
  overlay.hidden = true;
  overlay.parentElement.append(canvas);

  const tools = element('div', { class: 'mask-editor', role: 'group', 'aria-label': 'Mask editor' });
  const id = `edit-${sha.slice(0, 8)}`;
  const modeSet = element('fieldset', { class: 'mask-mode' });
  modeSet.append(element('legend', {}, 'Tool'));
  for (const [value, label] of [['brush', 'Brush: mark hair loss'], ['eraser', 'Eraser: mark hair']]) {
    const input = element('input', { type: 'radio', name: `${id}-mode`, value, id: `${id}-${value}` });
    if (value === 'brush') input.checked = true;
    const lab = element('label', { for: `${id}-${value}` });
    lab.append(input, ` ${label}`);
    modeSet.append(lab);
  }
  const sizeWrap = element('div', { class: 'field' });
  const sizeLabel = element('label', { for: `${id}-size` }, 'Brush size');
  const size = element('input', { type: 'range', id: `${id}-size`, min: '1', max: '12', value: '4' });
  sizeWrap.append(sizeLabel, size);
  const undo = element('button', { type: 'button', class: 'button secondary' }, 'Undo');
  const save = element('button', { type: 'button', class: 'button save-mask' }, 'Save the correction');
  const cancel = element('button', { type: 'button', class: 'button secondary' }, 'Cancel');
  const actions = element('div', { class: 'mask-actions' });
  actions.append(undo, save, cancel);
  tools.append(modeSet, sizeWrap, actions);
  button.closest('.mask-actions').after(tools);

  const history = [];
  const remember = () => {
    history.push(ctx.getImageData(0, 0, width, height));
    if (history.length > 8) history.shift();
  };
  const radius = () => (Number(size.value) / 100) * Math.max(width, height) / 4;
  const mode = () => tools.querySelector(`input[name="${id}-mode"]:checked`).value;
  const toCanvas = (event) => {
    const rect = canvas.getBoundingClientRect();
    return [(event.clientX - rect.left) * (width / rect.width),
      (event.clientY - rect.top) * (height / rect.height)];
  };
  let last = null;
  const stroke = (from, to) => {
    ctx.save();
    ctx.globalCompositeOperation = mode() === 'eraser' ? 'destination-out' : 'source-over';
    ctx.strokeStyle = `rgb(${LOSS_RGB.join(',')})`;
    ctx.fillStyle = ctx.strokeStyle;
    ctx.lineWidth = 2 * radius();
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(...from);
    ctx.lineTo(...to);
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(...to, radius(), 0, 2 * Math.PI);
    ctx.fill();
    ctx.restore();
  };
  canvas.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    remember();
    last = toCanvas(event);
    stroke(last, last);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!last) return;
    const point = toCanvas(event);
    stroke(last, point);
    last = point;
  });
  const end = () => { last = null; };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  undo.addEventListener('click', () => {
    const previous = history.pop();
    if (previous) ctx.putImageData(previous, 0, 0);
  });
  cancel.addEventListener('click', () => {
    canvas.remove();
    tools.remove();
    overlay.hidden = false;
    button.disabled = false;
    say('');
  });
  save.addEventListener('click', async () => {
    save.disabled = true;
    say('Saving and measuring again…');
    // Black and white only: white (255) where the painted alpha is over half.
    const painted = ctx.getImageData(0, 0, width, height).data;
    const out = new ImageData(width, height);
    for (let i = 0; i < width * height; i += 1) {
      const v = painted[i * 4 + 3] > 127 ? 255 : 0;
      out.data[i * 4] = v;
      out.data[i * 4 + 1] = v;
      out.data[i * 4 + 2] = v;
      out.data[i * 4 + 3] = 255;
    }
    const flat = element('canvas', { width, height });
    flat.getContext('2d').putImageData(out, 0, 0);
    const blob = await new Promise((resolve) => flat.toBlob(resolve, 'image/png'));
    const url = overlay.dataset.lossUrl;
    const reply = await fetch(url, {
      method: 'PUT',
      headers: { 'Content-Type': 'image/png', 'X-CSRF-Token': csrf },
      body: blob,
    });
    if (!reply.ok) {
      const body = await reply.json().catch(() => ({}));
      say(`Not saved: ${body?.error?.message || reply.statusText}`);
      save.disabled = false;
      return;
    }
    say('Saved. Showing the new figures…');
    window.location.reload();
  });
  canvas.scrollIntoView({ block: 'center' });
  say('Draw on the photo to mark hair loss; switch to the eraser to remove marks.');
}

for (const button of document.querySelectorAll('button.edit-mask')) {
  button.addEventListener('click', () => openEditor(button));
}
for (const button of document.querySelectorAll('button.reset-mask')) {
  button.addEventListener('click', async () => {
    button.disabled = true;
    say('Going back to the automatic area…');
    const overlay = button.closest('article').querySelector('canvas.mask-layer');
    const reply = await fetch(overlay.dataset.lossUrl, {
      method: 'DELETE',
      headers: { 'X-CSRF-Token': csrf },
    });
    if (!reply.ok) {
      say('That did not work; try again.');
      button.disabled = false;
      return;
    }
    window.location.reload();
  });
}
