{{%AUTOESCAPE context="HTML"}}
<section class="community-new">
<h1>Write a post</h1>
<p class="notice">{{NOTICE}} Every member can read what you post here.</p>
{{#FORM_ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>{{/FORM_ERROR}}
<form method="post" action="/community/new" class="patient-form post-form" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#DISCUSSING}}<input type="hidden" name="discuss_study" value="{{STUDY_ID}}">
<p class="discussing card">Discussing: <a href="/research/{{STUDY_ID}}">{{STUDY_TITLE}}</a></p>{{/DISCUSSING}}
<div class="field">
<label for="post-category">Category</label>
<select id="post-category" name="category" aria-describedby="post-category-error">
<option value="">Choose a category</option>
{{#CATEGORY_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/CATEGORY_OPTION}}</select>
{{#CATEGORY_ERROR}}<p class="field-error" id="post-category-error" role="alert">{{MESSAGE}}</p>{{/CATEGORY_ERROR}}
</div>
<div class="field">
<label for="post-title">Title</label>
<input id="post-title" name="title" type="text" maxlength="200" value="{{TITLE_VALUE}}" aria-describedby="post-title-error">
{{#TITLE_ERROR}}<p class="field-error" id="post-title-error" role="alert">{{MESSAGE}}</p>{{/TITLE_ERROR}}
</div>
<div class="field">
<label for="post-body">Your post</label>
<textarea id="post-body" name="body" rows="8" maxlength="20000" aria-describedby="post-body-hint post-body-error">{{BODY_VALUE}}</textarea>
<p class="hint" id="post-body-hint">Plain text; leave a blank line between paragraphs. Do not post your name, address or anything that identifies you.</p>
{{#BODY_ERROR}}<p class="field-error" id="post-body-error" role="alert">{{MESSAGE}}</p>{{/BODY_ERROR}}
</div>
<div class="field">
<label for="post-studies">Studies this post is about <span class="optional">(optional)</span></label>
<input id="post-studies" name="studies" type="text" value="{{STUDIES_VALUE}}" aria-describedby="post-studies-hint post-studies-error">
<p class="hint" id="post-studies-hint">PMIDs, DOIs or study ids from a study's page, separated by spaces.</p>
{{#STUDIES_ERROR}}<p class="field-error" id="post-studies-error" role="alert">{{MESSAGE}}</p>{{/STUDIES_ERROR}}
</div>
{{#PHOTOS}}<fieldset class="field photo-pick" aria-describedby="post-photos-hint">
<legend>Photos from your sessions <span class="optional">(optional)</span></legend>
<p class="hint" id="post-photos-hint">Tick the photos to show with this post. Their metadata (location, camera) was removed when they were stored.</p>
<ul class="photo-choices">
{{#PHOTO}}<li><input type="checkbox" id="photo-{{INDEX}}" name="photos" value="{{SHA}}"{{#CHECKED}} checked{{/CHECKED}}>
<label for="photo-{{INDEX}}"><img src="{{URL}}" alt="{{ALT}}" width="160" loading="lazy"><span>{{ALT}}</span></label></li>
{{/PHOTO}}</ul>
{{#PHOTOS_ERROR}}<p class="field-error" role="alert">{{MESSAGE}}</p>{{/PHOTOS_ERROR}}
<div class="choice consent">
<input type="checkbox" id="photo-consent" name="photo_consent" value="yes"{{#CONSENTED}} checked{{/CONSENTED}} aria-describedby="photo-consent-error">
<label for="photo-consent">I agree that every member of Tricholog's community can see the photos I ticked, with this post.</label>
</div>
{{#CONSENT_ERROR}}<p class="field-error" id="photo-consent-error" role="alert">{{MESSAGE}}</p>{{/CONSENT_ERROR}}
</fieldset>{{/PHOTOS}}
{{#NO_PHOTOS}}<p class="hint">Photos: you can attach photos from your own tracking sessions once you have recorded one.</p>{{/NO_PHOTOS}}
<p><button type="submit" class="button">Post</button></p>
</form>
</section>
