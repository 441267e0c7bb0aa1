{{%AUTOESCAPE context="HTML"}}
<section class="course-new">
<h1>Start a treatment course</h1>
<p>Choose the protocol your physician prescribed and the condition it treats. Tricholog then plans your tracking sessions from the protocol. Tricholog informs; it does not diagnose or prescribe.</p>
{{#COURSE_ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>{{/COURSE_ERROR}}
{{#NO_CONDITIONS}}<p class="notice">Add the condition this course treats in <a href="/patients/{{PATIENT_ID}}/profile#conditions">your profile</a> first.</p>{{/NO_CONDITIONS}}
<form method="post" action="/patients/{{PATIENT_ID}}/courses/new" class="patient-form" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<fieldset class="field" aria-describedby="course-protocol_id-error">
<legend>Protocol</legend>
{{#PROTOCOL}}<div class="choice">
<input type="radio" id="protocol-{{ID}}" name="protocol_id" value="{{ID}}"{{#CHECKED}} checked{{/CHECKED}}>
<label for="protocol-{{ID}}"><strong>{{NAME}}</strong><br><span class="hint">{{SUMMARY}}</span><br>
{{#LABEL}}<span class="label-status {{CLASS}}">{{CONDITION}}: {{#OFF_LABEL}}<span class="badge off-label">{{/OFF_LABEL}}{{STATUS}}{{#OFF_LABEL}}</span>{{/OFF_LABEL}}</span><br>
{{/LABEL}}{{#OFF_LABEL_FOR_YOU}}<span class="off-label-note">Off-label for your {{CONDITION}}.</span><br>
{{/OFF_LABEL_FOR_YOU}}</label>
</div>
{{/PROTOCOL}}
{{#COURSE_PROTOCOL_ID_ERROR}}<p class="field-error" id="course-protocol_id-error" role="alert">{{MESSAGE}}</p>{{/COURSE_PROTOCOL_ID_ERROR}}
</fieldset>
<div class="field">
<label for="course-regimen_id">Dosing</label>
<select id="course-regimen_id" name="regimen_id" aria-describedby="course-regimen_id-error">
<option value="">The protocol's first regimen</option>
{{#REGIMEN_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/REGIMEN_OPTION}}</select>
{{#COURSE_REGIMEN_ID_ERROR}}<p class="field-error" id="course-regimen_id-error" role="alert">{{MESSAGE}}</p>{{/COURSE_REGIMEN_ID_ERROR}}
</div>
<div class="field">
<label for="course-condition_id">Condition it treats</label>
<select id="course-condition_id" name="condition_id" aria-describedby="course-condition_id-error">
{{#HAS_CONDITIONS}}{{#CONDITION_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/CONDITION_OPTION}}{{/HAS_CONDITIONS}}</select>
{{#COURSE_CONDITION_ID_ERROR}}<p class="field-error" id="course-condition_id-error" role="alert">{{MESSAGE}}</p>{{/COURSE_CONDITION_ID_ERROR}}
</div>
<div class="field">
<label for="course-start_date">Day of the first dose</label>
<input id="course-start_date" name="start_date" type="date" min="1900-01-01" value="{{COURSE_START_DATE}}" aria-describedby="course-start_date-error">
{{#COURSE_START_DATE_ERROR}}<p class="field-error" id="course-start_date-error" role="alert">{{MESSAGE}}</p>{{/COURSE_START_DATE_ERROR}}
</div>
<div class="field">
<label for="course-reason">Why this course <span class="optional">(optional)</span></label>
<input id="course-reason" name="reason" type="text" maxlength="500" value="{{COURSE_REASON}}" aria-describedby="course-reason-error">
{{#COURSE_REASON_ERROR}}<p class="field-error" id="course-reason-error" role="alert">{{MESSAGE}}</p>{{/COURSE_REASON_ERROR}}
</div>
<p><button type="submit" class="button">Start the course</button></p>
</form>
</section>
