{{%AUTOESCAPE context="HTML"}}
<section class="capture">
<input type="hidden" name="csrf" id="csrf" value="{{CSRF}}">
<h1>Session of {{SESSION_DATE}}</h1>
<nav aria-label="Steps of this session" class="capture-steps">
<ol>
{{#STEP}}<li><a href="{{HREF}}"{{#CURRENT}} aria-current="step"{{/CURRENT}}>{{LABEL}}</a>{{#DONE}} <span class="step-done">(taken)</span>{{/DONE}}</li>
{{/STEP}}</ol>
</nav>

{{#VIEW_STEP}}
<section class="capture-view" data-view="{{VIEW}}" data-upload-url="{{API_UPLOAD_URL}}" data-draft-url="{{DRAFT_API_URL}}">
<h2>Photo {{NUMBER}} of 5: {{VIEW_TITLE}}</h2>
<div class="capture-guide">
<img src="{{GUIDE_SRC}}" width="240" height="180" alt="Guide: how to frame the {{VIEW_TITLE}} photo. {{FRAME}}">
<div>
<p><strong>Framing.</strong> {{FRAME}}</p>
<ul class="capture-tips">
<li><strong>Light:</strong> face a window or a bright lamp; no flash, no window behind you.</li>
<li><strong>Distance:</strong> about an arm's length, the whole area in the frame, in focus.</li>
<li><strong>Hair:</strong> dry and combed; part it where the patches are so the scalp shows.</li>
</ul>
</div>
</div>
<div class="capture-result" aria-live="polite">
{{#PHOTO}}
<figure class="capture-preview">
<img id="preview" src="{{PHOTO_URL}}" alt="{{PHOTO_ALT}}">
<figcaption>{{PHOTO_ALT}}</figcaption>
</figure>
{{#VERDICT}}<div class="verdict verdict-{{LEVEL}}" id="verdict" data-level="{{LEVEL}}">
<p class="verdict-headline"><strong>{{HEADLINE}}</strong></p>
<ul>{{#DETAIL}}<li>{{DETAIL_TEXT}}</li>{{/DETAIL}}</ul>
{{#PENDING}}<p class="no-js-only"><a href="">Reload this page</a> to see the result.</p>{{/PENDING}}
</div>{{/VERDICT}}
{{/PHOTO}}
</div>
<form method="post" action="{{UPLOAD_URL}}" enctype="multipart/form-data" class="capture-upload" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field">
<label for="photo" class="button capture-pick">{{UPLOAD_LABEL}}</label>
<input id="photo" name="photo" type="file" accept="image/*,.heic,.heif" capture="environment" aria-describedby="photo-error photo-hint">
<p class="hint" id="photo-hint">A JPEG, PNG, WebP or HEIC photo, at most 20 MB.</p>
{{#PHOTO_ERROR}}<p class="field-error" id="photo-error" role="alert">{{MESSAGE}}</p>{{/PHOTO_ERROR}}
<p class="field-error" id="photo-live-error" role="alert" hidden></p>
</div>
<p class="upload-progress" id="upload-progress" role="status" hidden></p>
<p><button type="submit" class="button button-secondary" id="upload-submit">Upload</button></p>
</form>
<p class="capture-nav"><a href="{{PREV_HREF}}">Back</a> <a class="button" href="{{NEXT_HREF}}" id="next-step">Next</a></p>
</section>
{{/VIEW_STEP}}

{{#FORM_STEP}}
<section class="capture-form-step">
<h2>Symptoms and side effects</h2>
<p>Answer what applies today; leave a field empty to skip it.</p>
<form method="post" action="{{ANSWERS_URL}}" class="capture-form" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#HAIR_CHANGE}}<fieldset class="hair-change"{{#ERROR}} aria-describedby="hair_change-error"{{/ERROR}}>
<legend>Since your last session, has your hair changed?</legend>
{{#OPTION}}<div class="choice"><input type="radio" id="hair_change-{{OPTION_VALUE}}" name="hair_change" value="{{OPTION_VALUE}}"{{#SELECTED}} checked{{/SELECTED}}><label for="hair_change-{{OPTION_VALUE}}">{{OPTION_LABEL}}</label></div>
{{/OPTION}}{{#ERROR}}<p class="field-error" id="hair_change-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
</fieldset>{{/HAIR_CHANGE}}
<fieldset>
<legend>Itch</legend>
{{#ITCH_NRS}}<div class="field">
<label for="itch_nrs">Worst itch in the last 24 hours <span class="hint">(0 = none, 10 = worst imaginable)</span></label>
<input id="itch_nrs" name="itch_nrs" type="text" inputmode="numeric" maxlength="2" value="{{VALUE}}" aria-describedby="itch_nrs-error"{{#INVALID}} aria-invalid="true"{{/INVALID}}>
{{#ERROR}}<p class="field-error" id="itch_nrs-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
</div>{{/ITCH_NRS}}
</fieldset>
<fieldset>
<legend>Eczema today (EASI)</legend>
<p class="hint">For each body region: the area with eczema (0 none, 1 under 10 %, 2 10–29 %, 3 30–49 %, 4 50–69 %, 5 70–89 %, 6 90–100 %) and each sign (0 none, 1 mild, 2 moderate, 3 severe). Leave it all empty if you have no eczema to score.</p>
{{#EASI_REGION}}<fieldset class="easi-region">
<legend>{{REGION_LABEL}}</legend>
<div class="easi-grid">
{{#EASI_FIELD}}<div class="field">
<label for="{{NAME}}">{{LABEL}}</label>
<input id="{{NAME}}" name="{{NAME}}" type="text" inputmode="numeric" maxlength="1" value="{{VALUE}}" aria-describedby="{{NAME}}-error"{{#INVALID}} aria-invalid="true"{{/INVALID}}>
{{#ERROR}}<p class="field-error" id="{{NAME}}-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
</div>
{{/EASI_FIELD}}</div>
</fieldset>
{{/EASI_REGION}}
</fieldset>
<fieldset>
<legend>Questionnaires</legend>
{{#QUESTIONNAIRES_DUE}}<p>POEM and DLQI are asked today (at the baseline and at the weeks your course is judged).</p>{{/QUESTIONNAIRES_DUE}}
{{#QUESTIONNAIRES_OPTIONAL}}<p class="hint">POEM and DLQI are not due today; answer them only if you want to.</p>{{/QUESTIONNAIRES_OPTIONAL}}
{{#POEM}}<div class="field">
<label for="poem">POEM total <span class="hint">(0–28: eczema symptoms over the past week)</span></label>
<input id="poem" name="poem" type="text" inputmode="numeric" maxlength="2" value="{{VALUE}}" aria-describedby="poem-error"{{#INVALID}} aria-invalid="true"{{/INVALID}}>
{{#ERROR}}<p class="field-error" id="poem-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
</div>{{/POEM}}
{{#DLQI}}<div class="field">
<label for="dlqi">DLQI total <span class="hint">(0–30: how your skin affected your life)</span></label>
<input id="dlqi" name="dlqi" type="text" inputmode="numeric" maxlength="2" value="{{VALUE}}" aria-describedby="dlqi-error"{{#INVALID}} aria-invalid="true"{{/INVALID}}>
{{#ERROR}}<p class="field-error" id="dlqi-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
</div>{{/DLQI}}
</fieldset>
<fieldset>
<legend>Side effects since the last session</legend>
{{#AE_ROW}}<fieldset class="answer-row">
<legend>Side effect {{N}}</legend>
{{#TERM}}<div class="field">
<label for="{{NAME}}">What happened <span class="hint">(e.g. conjunctivitis, headache)</span></label>
<input id="{{NAME}}" name="{{NAME}}" type="text" maxlength="200" value="{{VALUE}}" aria-describedby="{{NAME}}-error"{{#INVALID}} aria-invalid="true"{{/INVALID}}>
{{#ERROR}}<p class="field-error" id="{{NAME}}-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
</div>{{/TERM}}
{{#GRADE}}<div class="field">
<label for="{{NAME}}">How bad (CTCAE grade)</label>
<select id="{{NAME}}" name="{{NAME}}" aria-describedby="{{NAME}}-error"{{#INVALID}} aria-invalid="true"{{/INVALID}}>
{{#OPTION}}<option value="{{OPTION_VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{OPTION_LABEL}}</option>
{{/OPTION}}</select>
{{#ERROR}}<p class="field-error" id="{{NAME}}-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
</div>{{/GRADE}}
{{#ONSET}}<div class="field">
<label for="{{NAME}}">Since <span class="optional">(optional; the session date otherwise)</span></label>
<input id="{{NAME}}" name="{{NAME}}" type="date" value="{{VALUE}}" aria-describedby="{{NAME}}-error"{{#INVALID}} aria-invalid="true"{{/INVALID}}>
{{#ERROR}}<p class="field-error" id="{{NAME}}-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
</div>{{/ONSET}}
{{#ACTION}}<div class="field">
<label for="{{NAME}}">What was done about the treatment</label>
<select id="{{NAME}}" name="{{NAME}}" aria-describedby="{{NAME}}-error">
{{#OPTION}}<option value="{{OPTION_VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{OPTION_LABEL}}</option>
{{/OPTION}}</select>
{{#ERROR}}<p class="field-error" id="{{NAME}}-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
</div>{{/ACTION}}
</fieldset>
{{/AE_ROW}}
</fieldset>
<fieldset>
<legend>Injection-site reactions</legend>
{{#SITE_ROW}}<fieldset class="answer-row">
<legend>Injection site {{N}}</legend>
{{#SITE}}<div class="field">
<label for="{{NAME}}">Where <span class="hint">(e.g. belly left, right thigh)</span></label>
<input id="{{NAME}}" name="{{NAME}}" type="text" maxlength="200" value="{{VALUE}}" aria-describedby="{{NAME}}-error"{{#INVALID}} aria-invalid="true"{{/INVALID}}>
{{#ERROR}}<p class="field-error" id="{{NAME}}-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
</div>{{/SITE}}
{{#REACTION}}<div class="field">
<label for="{{NAME}}">Reaction <span class="hint">(e.g. redness, swelling, itch)</span></label>
<input id="{{NAME}}" name="{{NAME}}" type="text" maxlength="200" value="{{VALUE}}" aria-describedby="{{NAME}}-error"{{#INVALID}} aria-invalid="true"{{/INVALID}}>
{{#ERROR}}<p class="field-error" id="{{NAME}}-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
</div>{{/REACTION}}
{{#GRADE}}<div class="field">
<label for="{{NAME}}">How bad (CTCAE grade) <span class="optional">(optional)</span></label>
<select id="{{NAME}}" name="{{NAME}}" aria-describedby="{{NAME}}-error"{{#INVALID}} aria-invalid="true"{{/INVALID}}>
{{#OPTION}}<option value="{{OPTION_VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{OPTION_LABEL}}</option>
{{/OPTION}}</select>
{{#ERROR}}<p class="field-error" id="{{NAME}}-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
</div>{{/GRADE}}
</fieldset>
{{/SITE_ROW}}
</fieldset>
<p class="capture-nav"><a href="{{PREV_HREF}}">Back</a> <button type="submit" class="button" id="save-answers">Save and review</button></p>
</form>
</section>
{{/FORM_STEP}}

{{#REVIEW_STEP}}
<section class="capture-review">
<h2>Review and confirm</h2>
{{#FORM_ERROR}}<p class="form-error" role="alert" id="confirm-error">{{MESSAGE}}</p>{{/FORM_ERROR}}
<h3>Photos</h3>
<ul class="review-photos">
{{#REVIEW_VIEW}}<li>
<a href="{{STEP_HREF}}">{{VIEW_TITLE}}</a>
{{#THUMB}}<img src="{{THUMB_URL}}" alt="{{PHOTO_ALT}}" width="160">{{/THUMB}}
{{#MISSING}}<p class="field-error">Not taken yet.</p>{{/MISSING}}
{{#VERDICT}}<p class="verdict verdict-{{LEVEL}}" data-level="{{LEVEL}}">{{HEADLINE}}</p>{{/VERDICT}}
{{#ERROR}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/ERROR}}
</li>
{{/REVIEW_VIEW}}</ul>
<h3>Your answers</h3>
<dl class="review-answers">
{{#ANSWER}}<dt>{{LABEL}}</dt><dd>{{VALUE}}</dd>
{{/ANSWER}}</dl>
<p><a href="{{PREV_HREF}}">Change the answers</a></p>
{{#READY}}<p>When you confirm, the session is recorded with the SALT measured from your photos.</p>{{/READY}}
{{#NOT_READY}}<p class="notice">Take the missing photos and wait for every check to finish before you confirm.</p>{{/NOT_READY}}
<form method="post" action="{{CONFIRM_URL}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p><button type="submit" class="button" id="confirm-session">Confirm and record the session</button></p>
</form>
</section>
{{/REVIEW_STEP}}

<form method="post" action="{{DISCARD_URL}}" class="discard-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="button-link">Discard this unfinished session</button>
</form>
</section>
