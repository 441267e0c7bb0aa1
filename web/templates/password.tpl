{{%AUTOESCAPE context="HTML"}}
<section class="account-form">
<h1>Change password</h1>
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>{{/NOTICE}}
{{#FORM_ERROR}}<p class="form-error" role="alert">{{MESSAGE}}</p>{{/FORM_ERROR}}
<form method="post" action="/account/password" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field">
<label for="current_password">Current password</label>
<input id="current_password" name="current_password" type="password" autocomplete="current-password" required aria-describedby="current_password-error">
{{#CURRENT_PASSWORD_ERROR}}<p class="field-error" id="current_password-error" role="alert">{{MESSAGE}}</p>{{/CURRENT_PASSWORD_ERROR}}
</div>
<div class="field">
<label for="new_password">New password <span class="hint">(at least 8 characters)</span></label>
<input id="new_password" name="new_password" type="password" autocomplete="new-password" required minlength="8" aria-describedby="new_password-error">
{{#NEW_PASSWORD_ERROR}}<p class="field-error" id="new_password-error" role="alert">{{MESSAGE}}</p>{{/NEW_PASSWORD_ERROR}}
</div>
<p><button type="submit" class="button">Change password</button></p>
</form>
</section>
