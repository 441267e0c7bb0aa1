{{%AUTOESCAPE context="HTML"}}
<section class="dashboard">
<h1>{{NAME}}: dashboard</h1>
<p class="notice">{{NOTICE}} These figures come from your photos and forms; talk them over with your physician.</p>
{{#START_HERE}}
<section class="card start-here" aria-labelledby="start-here-title">
<h2 id="start-here-title">Start here</h2>
<p>No treatment course is running yet, so there is no schedule or assessment to show.</p>
<ol>
<li><a href="/patients/{{PATIENT_ID}}/profile">Fill in your profile</a>: conditions, past treatments and current medications.</li>
<li><a href="/patients/{{PATIENT_ID}}/courses/new">Start a course</a> from a treatment protocol, on the day of the first dose.</li>
<li><a href="/patients/{{PATIENT_ID}}/sessions/new">Record a session</a>: the five scalp photos and, if you have eczema, the eczema form.{{#NO_SESSIONS}} Your first session is your baseline.{{/NO_SESSIONS}}</li>
</ol>
</section>
{{/START_HERE}}
{{#COURSE}}
<section class="card course" aria-labelledby="course-title">
<h2 id="course-title">Your course</h2>
<p><strong>{{PROTOCOL}}</strong>{{#OFF_LABEL}} <span class="badge off-label">Off-label for this condition</span>{{/OFF_LABEL}}, started {{START}}.</p>
<p class="big">Week {{WEEK}}{{#HAS_PHASE}}: {{PHASE}}{{/HAS_PHASE}}</p>
{{#HAS_GUIDANCE}}<p>{{GUIDANCE}}</p>{{/HAS_GUIDANCE}}
{{#DECISION}}<p>Next decision point: week {{WEEK}} ({{DATE}}).</p>{{/DECISION}}
<p>{{TRAJECTORY_REASON}}</p>
{{#HAS_PROTOCOL_STUDIES}}<details class="protocol-studies"><summary>Studies this protocol rests on ({{PROTOCOL_STUDY_COUNT}})</summary>
<ul>{{#PROTOCOL_STUDY}}<li><a href="/research/{{PROTOCOL_STUDY_ID}}">{{PROTOCOL_STUDY_TITLE}}</a><br><span class="hint">{{PROTOCOL_STUDY_SUPPORTS}}</span></li>
{{/PROTOCOL_STUDY}}</ul></details>{{/HAS_PROTOCOL_STUDIES}}
</section>
{{/COURSE}}
{{#HAS_COURSE}}
<section class="card next" aria-labelledby="next-title">
<h2 id="next-title">Next session</h2>
{{#NEXT_SESSION}}
<p>{{#DUE_NOW}}<span class="badge due">Due now</span> {{/DUE_NOW}}Week {{WEEK}}: {{TARGET}} (any day from {{WINDOW_START}} to {{WINDOW_END}}).</p>
<p><a class="button" href="/patients/{{PATIENT_ID}}/sessions/new">Record a session</a></p>
{{/NEXT_SESSION}}
{{#OVERDUE}}<p class="overdue"><span class="badge overdue">Overdue</span> The week {{WEEK}} session ({{TARGET}}) was due by {{WINDOW_END}}.</p>
{{/OVERDUE}}
</section>
<section class="card alerts" aria-labelledby="alerts-title">
<h2 id="alerts-title">Alerts</h2>
{{#NO_ALERTS}}<p>No alerts.</p>{{/NO_ALERTS}}
<ul class="alert-list">
{{#ALERT}}<li class="alert alert-{{SEVERITY}}"><p><strong>{{TITLE}}</strong> <span class="badge">{{SEVERITY}}</span></p>
<p>{{REASON}}</p>
{{#EVIDENCE}}<p class="source">Source: {{SOURCE}}</p>{{/EVIDENCE}}
{{#ALERT_STUDY}}<p class="source">Study: <a href="/research/{{ALERT_STUDY_ID}}">{{ALERT_STUDY_TITLE}}</a></p>{{/ALERT_STUDY}}</li>
{{/ALERT}}
</ul>
{{#HAS_TO_CONFIRM}}<h3 id="to-confirm-title">Photos to confirm</h3>
<p class="hint">One view's hair loss moved much more than the others and than you reported. Until you check it, that session's SALT raises no alert.</p>
<ul class="to-confirm-list" aria-labelledby="to-confirm-title">
{{#TO_CONFIRM}}<li><span class="to-confirm-mark">To confirm</span> <a href="{{URL}}">The {{VIEW}} photo of {{DATE}}</a>. <span class="hint">{{REASON}}</span></li>
{{/TO_CONFIRM}}</ul>{{/HAS_TO_CONFIRM}}
</section>
{{/HAS_COURSE}}
<section class="figures" aria-labelledby="figures-title">
<h2 id="figures-title">Latest figures</h2>
{{#NO_FIGURES}}<p>No figures yet: they appear after your first session.</p>{{/NO_FIGURES}}
<div class="figure-grid">
{{#SALT}}
<section class="card figure" id="salt">
<h3>SALT</h3>
<p class="big"><span class="value">{{VALUE}}</span> <span class="unit">% scalp without hair</span></p>
<p>AA-IGA {{IGA}}: <strong>{{IGA_LABEL}}</strong> (bands: Wyrwich 2020, BJD 183:702).{{#LE_20}} At or below the SALT 20 target.{{/LE_20}}</p>
{{#SALT_UNCONFIRMED}}<p><span class="to-confirm-mark">Unconfirmed</span> One photo of this session is to confirm (see Photos to confirm above).</p>{{/SALT_UNCONFIRMED}}
<p class="date">From the session of {{DATE}}.</p>
{{#CHANGE}}<p class="{{CLASS}}">Since baseline ({{BASELINE}}): {{CHANGE}} {{UNIT}}. {{VERDICT}} <span class="hint">Noise threshold (MDC95): {{MDC}}.</span></p>{{/CHANGE}}
</section>
{{/SALT}}
{{#EASI}}
<section class="card figure" id="easi">
<h3>EASI (eczema)</h3>
<p class="big"><span class="value">{{VALUE}}</span> <span class="unit">of 72, {{SEVERITY}}</span></p>
<p class="date">From the session of {{DATE}}.</p>
{{#CHANGE}}<p class="{{CLASS}}">Since baseline ({{BASELINE}}): {{CHANGE}} {{UNIT}}. {{VERDICT}} <span class="hint">Noise threshold (MDC95): {{MDC}}.</span></p>{{/CHANGE}}
</section>
{{/EASI}}
{{#ITCH}}
<section class="card figure" id="itch">
<h3>Itch</h3>
<p class="big"><span class="value">{{VALUE}}</span> <span class="unit">of 10 (worst itch, last 24 hours)</span></p>
<p class="date">From the session of {{DATE}}.</p>
{{#CHANGE}}<p class="{{CLASS}}">Since baseline ({{BASELINE}}): {{CHANGE}} {{UNIT}}. {{VERDICT}} <span class="hint">Noise threshold (MDC95): {{MDC}}.</span></p>{{/CHANGE}}
</section>
{{/ITCH}}
{{#ZONES}}
<section class="card figure" id="density">
<h3>Hair density by zone</h3>
<table class="zones">
<caption>Hairs per cm², session of {{DATE}}</caption>
<thead><tr><th scope="col">Zone</th><th scope="col">Hairs/cm²</th></tr></thead>
<tbody>
{{#ZONE}}<tr><th scope="row">{{NAME}}</th><td>{{DENSITY}}</td></tr>
{{/ZONE}}</tbody>
</table>
{{#CHANGE}}<p class="{{CLASS}}">Mean since baseline ({{BASELINE}}): {{CHANGE}} {{UNIT}}. {{VERDICT}}</p>{{/CHANGE}}
</section>
{{/ZONES}}
</div>
</section>
<section class="card report-download" aria-labelledby="report-title">
<h2 id="report-title">Physician report</h2>
<p>A PDF for the appointment: the summary and verdict on the first page, then the charts, the photo timeline with the loss outlined, side effects, injections and adherence.</p>
<form method="get" action="/patients/{{PATIENT_ID}}/report.pdf" class="report-form">
<label for="report-paper">Paper</label>
<select id="report-paper" name="paper"><option value="a4">A4</option><option value="letter">US Letter</option></select>
<button type="submit" class="button">Download the report (PDF)</button>
</form>
</section>
</section>
