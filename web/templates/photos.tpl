{{%AUTOESCAPE context="HTML"}}
<section class="photos-page">
<h1>Photo timeline</h1>
{{#NO_SESSIONS}}<p class="notice">No sessions are recorded yet.</p>{{/NO_SESSIONS}}
<h2>Compare two sessions</h2>
<form method="get" action="/patients/{{PATIENT_ID}}/photos/compare" class="compare-form">
<div class="field"><label for="compare-view">View</label>
<select id="compare-view" name="view">{{#VIEW_OPTION}}<option value="{{VIEW}}">{{LABEL}}</option>{{/VIEW_OPTION}}</select></div>
<div class="field"><label for="compare-from">Before</label>
<select id="compare-from" name="from">{{#FROM_OPTION}}<option value="{{ID}}">{{DATE}}</option>{{/FROM_OPTION}}</select></div>
<div class="field"><label for="compare-to">After</label>
<select id="compare-to" name="to">{{#TO_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{DATE}}</option>{{/TO_OPTION}}</select></div>
<p><button type="submit" class="button">Compare</button></p>
</form>
<div class="timeline-scroll" tabindex="0" role="region" aria-label="Photos by view and session, scrolls sideways">
<table class="photo-timeline">
<caption>The five views (rows) at each session (columns); select a photo to open its session.</caption>
<thead><tr><th scope="col">View</th>{{#COLUMN}}<th scope="col"><a href="{{URL}}">{{DATE}}</a>{{#HAS_WEEK}}<br><span class="hint">week {{WEEK}}</span>{{/HAS_WEEK}}</th>{{/COLUMN}}</tr></thead>
<tbody>
{{#ROW}}<tr><th scope="row">{{LABEL}}</th>{{#CELL}}<td>{{#PHOTO}}<a href="{{URL}}"><img src="{{SRC}}" alt="{{ALT}}" width="160" loading="lazy"></a>{{/PHOTO}}{{#EMPTY}}<span class="hint">no photo</span>{{/EMPTY}}</td>{{/CELL}}</tr>
{{/ROW}}</tbody>
</table>
</div>
</section>
