{{%AUTOESCAPE context="HTML"}}
<section class="capture">
<h1>New session</h1>
{{#RECORDED}}<p class="notice" role="status" id="recorded">Your session is recorded. <a href="/patients/{{PATIENT_ID}}/sessions/{{SESSION_ID}}">See the session</a>.</p>{{/RECORDED}}
{{#BASELINE}}<p class="notice">Your first session is your baseline: every later session is compared with it, so take it before the first dose when you can.</p>{{/BASELINE}}
<p>A session is five photos of your scalp and a short form about your skin, itch and any side
effects. Nothing is recorded until you confirm at the end, and you can stop at any step and come
back later.</p>
<h2>Unfinished sessions</h2>
{{#NO_DRAFTS}}<p>None: every session you started is recorded or discarded.</p>{{/NO_DRAFTS}}
<ul class="draft-list">
{{#DRAFT}}<li><a href="{{DRAFT_HREF}}">Continue the session of {{DRAFT_DATE}}</a> <span class="hint">({{PHOTOS}} of 5 photos taken)</span></li>
{{/DRAFT}}</ul>
<h2>Start a new session</h2>
{{#FORM_ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>{{/FORM_ERROR}}
<form method="post" action="{{CREATE_URL}}" class="capture-form" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field">
<label for="session_date">Date of the photos</label>
<input id="session_date" name="session_date" type="date" required value="{{SESSION_DATE}}" aria-describedby="session_date-error">
{{#SESSION_DATE_ERROR}}<p class="field-error" id="session_date-error" role="alert">{{MESSAGE}}</p>{{/SESSION_DATE_ERROR}}
</div>
<div class="field">
<label for="course_id">Treatment course</label>
<select id="course_id" name="course_id" aria-describedby="course_id-error">
{{#COURSE}}<option value="{{COURSE_VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{COURSE_LABEL}}</option>
{{/COURSE}}</select>
{{#COURSE_ID_ERROR}}<p class="field-error" id="course_id-error" role="alert">{{MESSAGE}}</p>{{/COURSE_ID_ERROR}}
</div>
<p><button type="submit" class="button" id="start-session">Start the session</button></p>
</form>
</section>
