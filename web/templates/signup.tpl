{{%AUTOESCAPE context="HTML"}}
<section class="account-form">
<h1>Create an account</h1>
<p>An account keeps your own record: your photos, scores and symptoms.</p>
{{#FORM_ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>{{/FORM_ERROR}}
<form method="post" action="/signup" novalidate>
<div class="field">
<label for="display_name">Your name</label>
<input id="display_name" name="display_name" type="text" autocomplete="name" required maxlength="200" value="{{DISPLAY_NAME}}" aria-describedby="display_name-error">
{{#DISPLAY_NAME_ERROR}}<p class="field-error" id="display_name-error" role="alert">{{MESSAGE}}</p>{{/DISPLAY_NAME_ERROR}}
</div>
<div class="field">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="{{EMAIL}}" aria-describedby="email-error">
{{#EMAIL_ERROR}}<p class="field-error" id="email-error" role="alert">{{MESSAGE}}</p>{{/EMAIL_ERROR}}
</div>
<div class="field">
<label for="birth_year">Year of birth <span class="optional">(optional)</span></label>
<input id="birth_year" name="birth_year" type="text" inputmode="numeric" autocomplete="bday-year" maxlength="4" value="{{BIRTH_YEAR}}" aria-describedby="birth_year-error">
{{#BIRTH_YEAR_ERROR}}<p class="field-error" id="birth_year-error" role="alert">{{MESSAGE}}</p>{{/BIRTH_YEAR_ERROR}}
</div>
<div class="field">
<label for="password">Password <span class="hint">(at least 8 characters)</span></label>
<input id="password" name="password" type="password" autocomplete="new-password" required minlength="8" aria-describedby="password-error">
{{#PASSWORD_ERROR}}<p class="field-error" id="password-error" role="alert">{{MESSAGE}}</p>{{/PASSWORD_ERROR}}
</div>
<p><button type="submit" class="button">Create account</button></p>
</form>
<p>Already have an account? <a href="/signin">Sign in</a></p>
</section>
