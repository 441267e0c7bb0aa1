{{%AUTOESCAPE context="HTML"}}
<section class="trends-page">
<h1>Trends</h1>
<p>How your measures changed over {{SESSIONS}} sessions, in weeks on treatment. Shaded bands are the
phases of the course; thin vertical lines are the weeks when the course is reviewed; whiskers show how
much a measurement can move on a re-take alone. Points drawn hollow are not counted (for example, a
photo set that failed the quality check).</p>
{{#NO_SESSIONS}}<p class="notice">No sessions are recorded yet.</p>{{/NO_SESSIONS}}
{{#CHART}}
<section class="trend-chart" id="chart-{{KEY}}" aria-labelledby="chart-{{KEY}}-heading">
<h2 id="chart-{{KEY}}-heading">{{TITLE}}</h2>
{{#HAS_FIGURE}}{{FIGURE:none}}{{/HAS_FIGURE}}
{{#NO_DATA}}<p class="notice">Nothing recorded for this chart yet.</p>{{/NO_DATA}}
</section>
{{/CHART}}
<table class="data-table">
<caption>Sessions</caption>
<thead><tr><th scope="col">Date</th><th scope="col">SALT</th></tr></thead>
<tbody>
{{#SESSION}}<tr><th scope="row"><a href="{{URL}}">{{DATE}}</a></th><td class="num">{{SALT}}</td></tr>
{{/SESSION}}</tbody>
</table>
<p class="hint">Tricholog informs; it does not diagnose or prescribe.</p>
</section>
