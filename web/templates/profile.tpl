{{%AUTOESCAPE context="HTML"}}
<section class="profile">
<h1>Your profile</h1>
<p>What you enter here helps you and your physician read your results in context. Each part is saved on its own.</p>
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>{{/NOTICE}}

<section class="card" id="about" aria-labelledby="about-title">
<h2 id="about-title">About you</h2>
{{#PROFILE_ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>{{/PROFILE_ERROR}}
<form method="post" action="/patients/{{PATIENT_ID}}/profile#about" class="patient-form" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="form" value="profile">
<div class="field-row">
<div class="field">
<label for="profile-display_name">Your name</label>
<input id="profile-display_name" name="display_name" type="text" autocomplete="name" required maxlength="200" value="{{PROFILE_DISPLAY_NAME}}" aria-describedby="profile-display_name-error">
{{#PROFILE_DISPLAY_NAME_ERROR}}<p class="field-error" id="profile-display_name-error" role="alert">{{MESSAGE}}</p>{{/PROFILE_DISPLAY_NAME_ERROR}}
</div>
<div class="field">
<label for="profile-birth_year">Year of birth <span class="optional">(optional)</span></label>
<input id="profile-birth_year" name="birth_year" type="text" inputmode="numeric" autocomplete="bday-year" maxlength="4" value="{{PROFILE_BIRTH_YEAR}}" aria-describedby="profile-birth_year-error">
{{#PROFILE_BIRTH_YEAR_ERROR}}<p class="field-error" id="profile-birth_year-error" role="alert">{{MESSAGE}}</p>{{/PROFILE_BIRTH_YEAR_ERROR}}
</div>
</div>
<p><button type="submit" class="button">Save</button></p>
</form>
</section>

<section class="card" id="conditions" aria-labelledby="conditions-title">
<h2 id="conditions-title">Conditions</h2>
{{#NO_CONDITIONS}}<p>None yet.</p>{{/NO_CONDITIONS}}
<ul class="condition-list">
{{#CONDITION}}<li><strong>{{KIND}}</strong>, pattern: {{SUBTYPE}}, since: {{ONSET}}</li>
{{/CONDITION}}</ul>
<h3>Add a condition</h3>
{{#CONDITION_ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>{{/CONDITION_ERROR}}
<form method="post" action="/patients/{{PATIENT_ID}}/profile#conditions" class="patient-form" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="form" value="condition">
<div class="field">
<label for="condition-kind">Condition</label>
<select id="condition-kind" name="kind" aria-describedby="condition-kind-error">
{{#KIND_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/KIND_OPTION}}</select>
{{#CONDITION_KIND_ERROR}}<p class="field-error" id="condition-kind-error" role="alert">{{MESSAGE}}</p>{{/CONDITION_KIND_ERROR}}
</div>
<div class="field">
<label for="condition-subtype">Pattern of alopecia areata <span class="hint">(only for alopecia areata)</span></label>
<select id="condition-subtype" name="subtype" aria-describedby="condition-subtype-error">
{{#SUBTYPE_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/SUBTYPE_OPTION}}</select>
{{#CONDITION_SUBTYPE_ERROR}}<p class="field-error" id="condition-subtype-error" role="alert">{{MESSAGE}}</p>{{/CONDITION_SUBTYPE_ERROR}}
</div>
<div class="field">
<label for="condition-onset">When it started <span class="optional">(optional)</span></label>
<input id="condition-onset" name="onset" type="date" min="1900-01-01" value="{{CONDITION_ONSET}}" aria-describedby="condition-onset-error">
{{#CONDITION_ONSET_ERROR}}<p class="field-error" id="condition-onset-error" role="alert">{{MESSAGE}}</p>{{/CONDITION_ONSET_ERROR}}
</div>
<p><button type="submit" class="button">Add condition</button></p>
</form>
</section>

<section class="card" id="history" aria-labelledby="history-title">
<h2 id="history-title">Treatments you had before</h2>
{{#NO_HISTORY}}<p>None yet.</p>{{/NO_HISTORY}}
<div class="table-scroll">
<table class="list-table">
<caption>Past treatments</caption>
<thead><tr><th scope="col">Treatment</th><th scope="col">From</th><th scope="col">To</th><th scope="col">How it went</th></tr></thead>
<tbody>
{{#HISTORY}}<tr><td>{{NAME}}</td><td>{{STARTED}}</td><td>{{ENDED}}</td><td>{{RESPONSE}}</td></tr>
{{/HISTORY}}</tbody>
</table>
</div>
<h3>Add a past treatment</h3>
{{#HISTORY_ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>{{/HISTORY_ERROR}}
<form method="post" action="/patients/{{PATIENT_ID}}/profile#history" class="patient-form" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="form" value="history">
<div class="field">
<label for="history-name">Treatment</label>
<input id="history-name" name="name" type="text" maxlength="200" value="{{HISTORY_NAME}}" aria-describedby="history-name-error">
{{#HISTORY_NAME_ERROR}}<p class="field-error" id="history-name-error" role="alert">{{MESSAGE}}</p>{{/HISTORY_NAME_ERROR}}
</div>
<div class="field-row">
<div class="field">
<label for="history-started_on">Started <span class="optional">(optional)</span></label>
<input id="history-started_on" name="started_on" type="date" min="1900-01-01" value="{{HISTORY_STARTED_ON}}" aria-describedby="history-started_on-error">
{{#HISTORY_STARTED_ON_ERROR}}<p class="field-error" id="history-started_on-error" role="alert">{{MESSAGE}}</p>{{/HISTORY_STARTED_ON_ERROR}}
</div>
<div class="field">
<label for="history-ended_on">Ended <span class="optional">(optional)</span></label>
<input id="history-ended_on" name="ended_on" type="date" min="1900-01-01" value="{{HISTORY_ENDED_ON}}" aria-describedby="history-ended_on-error">
{{#HISTORY_ENDED_ON_ERROR}}<p class="field-error" id="history-ended_on-error" role="alert">{{MESSAGE}}</p>{{/HISTORY_ENDED_ON_ERROR}}
</div>
</div>
<div class="field">
<label for="history-response">How it went, in your words <span class="optional">(optional)</span></label>
<textarea id="history-response" name="response" rows="3" maxlength="2000" aria-describedby="history-response-error">{{HISTORY_RESPONSE}}</textarea>
{{#HISTORY_RESPONSE_ERROR}}<p class="field-error" id="history-response-error" role="alert">{{MESSAGE}}</p>{{/HISTORY_RESPONSE_ERROR}}
</div>
<p><button type="submit" class="button">Add past treatment</button></p>
</form>
</section>

<section class="card" id="medications" aria-labelledby="medications-title">
<h2 id="medications-title">Medications you take now</h2>
{{#NO_MEDICATIONS}}<p>None yet.</p>{{/NO_MEDICATIONS}}
<ul class="medication-list">
{{#MEDICATION}}<li><strong>{{NAME}}</strong>, dose: {{DOSE}}, since: {{SINCE}}
<form method="post" action="/patients/{{PATIENT_ID}}/profile" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="form" value="remove_medication">
<input type="hidden" name="medication_id" value="{{ID}}">
<button type="submit">Remove {{NAME}}</button>
</form></li>
{{/MEDICATION}}</ul>
<h3>Add a medication</h3>
{{#MEDICATION_ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>{{/MEDICATION_ERROR}}
<form method="post" action="/patients/{{PATIENT_ID}}/profile#medications" class="patient-form" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="form" value="medication">
<div class="field">
<label for="medication-name">Medication</label>
<input id="medication-name" name="name" type="text" maxlength="200" value="{{MEDICATION_NAME}}" aria-describedby="medication-name-error">
{{#MEDICATION_NAME_ERROR}}<p class="field-error" id="medication-name-error" role="alert">{{MESSAGE}}</p>{{/MEDICATION_NAME_ERROR}}
</div>
<div class="field-row">
<div class="field">
<label for="medication-dose">Dose <span class="optional">(optional)</span></label>
<input id="medication-dose" name="dose" type="text" maxlength="200" value="{{MEDICATION_DOSE}}" aria-describedby="medication-dose-error">
{{#MEDICATION_DOSE_ERROR}}<p class="field-error" id="medication-dose-error" role="alert">{{MESSAGE}}</p>{{/MEDICATION_DOSE_ERROR}}
</div>
<div class="field">
<label for="medication-since">Since <span class="optional">(optional)</span></label>
<input id="medication-since" name="since" type="date" min="1900-01-01" value="{{MEDICATION_SINCE}}" aria-describedby="medication-since-error">
{{#MEDICATION_SINCE_ERROR}}<p class="field-error" id="medication-since-error" role="alert">{{MESSAGE}}</p>{{/MEDICATION_SINCE_ERROR}}
</div>
</div>
<p><button type="submit" class="button">Add medication</button></p>
</form>
</section>

<section class="card" id="courses" aria-labelledby="courses-title">
<h2 id="courses-title">Treatment courses</h2>
{{#NO_COURSES}}<p>No course yet.</p>{{/NO_COURSES}}
<ul>
{{#COURSE}}<li><strong>{{PROTOCOL}}</strong> from {{START}}: {{DOSING}}{{#OFF_LABEL}} <span class="badge off-label">Off-label</span>{{/OFF_LABEL}}</li>
{{/COURSE}}</ul>
<p><a class="button" href="/patients/{{PATIENT_ID}}/courses/new">Start a course</a></p>
</section>
</section>
