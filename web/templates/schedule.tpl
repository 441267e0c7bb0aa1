{{%AUTOESCAPE context="HTML"}}
<section class="schedule">
<h1>Schedule</h1>
{{#NO_COURSE}}
<p>No treatment course is running, so there is no schedule yet.</p>
<p><a class="button" href="/patients/{{PATIENT_ID}}/courses/new">Start a course</a></p>
{{/NO_COURSE}}
{{#COURSE}}
<p>{{PROTOCOL}}, started {{START}}. Today is {{TODAY}}. Each session can be recorded on any day of its window.</p>
<p><a class="button" href="/patients/{{PATIENT_ID}}/schedule.ics" download>Add to my calendar (.ics)</a></p>
<div class="table-scroll">
<table class="schedule-table">
<caption>Tracking sessions of this course</caption>
<thead><tr><th scope="col">Week</th><th scope="col">Date</th><th scope="col">Window</th><th scope="col">Status</th><th scope="col">Notes</th></tr></thead>
<tbody>
{{#SESSION}}<tr class="status-{{STATUS}}"><td>{{WEEK}}</td><td>{{TARGET}}</td><td>{{WINDOW_START}} to {{WINDOW_END}}</td><td><span class="badge {{STATUS}}">{{STATUS_WORDS}}</span></td><td>{{NOTES}}</td></tr>
{{/SESSION}}</tbody>
</table>
</div>
{{/COURSE}}
</section>
