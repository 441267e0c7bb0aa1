{{%AUTOESCAPE context="HTML"}}
<section class="my-data">
<h1>My data</h1>
<section class="card" aria-labelledby="export-title">
<h2 id="export-title">Download your record</h2>
<p>Everything Tricholog keeps about you (profile, conditions, courses, doses, sessions with their scores, side effects, notes and shares) as one JSON file. Photos are referred to by their fingerprint (SHA-256), not included.</p>
<p><a class="button" href="/api/v1/patients/{{PATIENT_ID}}/export" download>Download my record (JSON)</a></p>
</section>
<section class="card" aria-labelledby="audit-title">
<h2 id="audit-title">Who read or changed your record</h2>
{{#AUDIT_DENIED}}<p>Only the patient can see this list.</p>{{/AUDIT_DENIED}}
{{#AUDIT}}
<p>Newest first, {{PER_PAGE}} to a page; page {{PAGE}} of {{PAGES}}.</p>
<div class="table-scroll">
<table class="audit-table">
<caption>Audit log</caption>
<thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">What</th></tr></thead>
<tbody>
{{#ROW}}<tr><td>{{AT}}</td><td>{{WHO}}</td><td>{{ACTION}} {{ENTITY}}</td></tr>
{{/ROW}}</tbody>
</table>
</div>
<nav class="pager" aria-label="Audit pages">{{#NEWER}}<a href="{{HREF}}">Newer</a> {{/NEWER}}{{#OLDER}}<a href="{{HREF}}">Older</a>{{/OLDER}}</nav>
{{/AUDIT}}
</section>
</section>
