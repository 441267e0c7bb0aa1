{{%AUTOESCAPE context="HTML"}}
<section class="patient-list">
<h1>{{HEADING}}</h1>
{{#NONE}}<p>{{MESSAGE}}</p>{{/NONE}}
{{#ANY}}
<ul class="plain-list">
{{#PATIENT}}<li><a href="/patients/{{ID}}/dashboard">{{NAME}}</a>{{#BIRTH_YEAR}} <span class="muted">born {{YEAR}}</span>{{/BIRTH_YEAR}}</li>
{{/PATIENT}}
</ul>
{{/ANY}}
</section>
