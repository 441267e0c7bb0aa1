// The before/after slider: a range input (keyboard: arrows, Home, End) moves the divider; the
// earlier photo, registered onto the later one, shows left of it and the later one right.
const range = document.getElementById('compare-position');
const before = document.getElementById('compare-before');

function place() {
  const value = Number(range.value);
  before.style.clipPath = `inset(0 ${100 - value}% 0 0)`;
  range.setAttribute('aria-valuetext', `${value} % before, ${100 - value} % after`);
}

if (range && before) {
  range.addEventListener('input', place);
  place();
}
