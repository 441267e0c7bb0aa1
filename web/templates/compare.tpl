{{%AUTOESCAPE context="HTML"}}
<section class="compare-page">
<h1>Before and after</h1>
<form method="get" action="/patients/{{PATIENT_ID}}/photos/compare" class="compare-form">
<div class="field"><label for="compare-view">View</label>
<select id="compare-view" name="view">{{#VIEW_OPTION}}<option value="{{VIEW}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/VIEW_OPTION}}</select></div>
<div class="field"><label for="compare-from">Before</label>
<select id="compare-from" name="from">{{#FROM_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{DATE}}</option>{{/FROM_OPTION}}</select></div>
<div class="field"><label for="compare-to">After</label>
<select id="compare-to" name="to">{{#TO_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{DATE}}</option>{{/TO_OPTION}}</select></div>
<p><button type="submit" class="button">Compare</button></p>
</form>
{{#NO_COMPARISON}}<p class="notice">{{MESSAGE}}</p>{{/NO_COMPARISON}}
{{#COMPARISON}}
<figure class="compare-slider" id="compare-slider">
<div class="compare-stack">
<img class="compare-after" src="{{AFTER_SRC}}" alt="{{LABEL}} view, {{AFTER_DATE}} (after)">
<img class="compare-before" id="compare-before" src="{{BEFORE_SRC}}" alt="{{LABEL}} view, {{BEFORE_DATE}} (before), aligned to the later photo">
</div>
<figcaption>{{LABEL}} view: {{BEFORE_DATE}} on the left of the divider, {{AFTER_DATE}} on the right.
The earlier photo is turned and scaled onto the later one, so the same spot of scalp lines up.</figcaption>
<div class="field compare-range">
<label for="compare-position">Divider position: left shows {{BEFORE_DATE}}, right shows {{AFTER_DATE}}</label>
<input type="range" id="compare-position" min="0" max="100" value="50" step="1">
</div>
</figure>
<h2>Where hair changed</h2>
<img class="compare-overlay" src="{{OVERLAY_SRC}}" alt="{{LABEL}} view, {{AFTER_DATE}}, with hair gained since {{BEFORE_DATE}} tinted green and hair lost tinted red">
<p class="hint">Green: hair where the earlier photo showed loss. Red: loss where it showed hair. Measured from photos; lighting and framing move it too. Tricholog informs; it does not diagnose or prescribe.</p>
{{/COMPARISON}}
<p><a href="/patients/{{PATIENT_ID}}/photos">Back to the photo timeline</a></p>
</section>
